namespace StreamLip.Server.Tests.Conversation.Recognition;

/// <summary>
/// A tiny random-weight whisper.cpp model made for the tests by models/tools/make_test_whisper.py (Debian's python3 and
/// numpy; nothing downloaded): 64 wide, 2 heads, 1 encoder and 1 decoder block, English-only, f16, ≈ 8 MB, in a temporary
/// folder deleted with the fixture. It recognises nothing; it runs the real engine.
/// </summary>
public sealed class TestWhisperModel : IDisposable
{
    public const string Python = "/usr/bin/python3";

    private readonly string _folder = Directory.CreateTempSubdirectory("streamlip-whisper-").FullName;

    public TestWhisperModel()
    {
        Path = System.IO.Path.Combine(_folder, "ggml-test-random.bin");
        string script = System.IO.Path.Combine(StreamLipHome.Path, "models", "tools", "make_test_whisper.py");
        TestProcess.RunAsync(Python, null, script, "--out", Path).GetAwaiter().GetResult();
    }

    /// <summary>The model file.</summary>
    public string Path { get; }

    /// <summary>A new file in the fixture's folder holding the model's first <paramref name="bytes"/> bytes.</summary>
    public string CutAt(long bytes)
    {
        string cut = System.IO.Path.Combine(_folder, $"cut-{bytes}.bin");
        using var from = File.OpenRead(Path);
        using var to = File.Create(cut);
        byte[] buffer = new byte[bytes];
        from.ReadExactly(buffer);
        to.Write(buffer);
        return cut;
    }

    /// <summary>A new file in the fixture's folder: the model with its bytes changed by <paramref name="change"/>.</summary>
    public string Changed(string name, Action<byte[]> change)
    {
        byte[] bytes = File.ReadAllBytes(Path);
        change(bytes);
        string changed = System.IO.Path.Combine(_folder, name);
        File.WriteAllBytes(changed, bytes);
        return changed;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
