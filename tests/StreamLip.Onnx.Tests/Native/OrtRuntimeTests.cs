using StreamLip.Onnx.Native;

namespace StreamLip.Onnx.Tests.Native;

/// <summary>One library per process, loaded once.</summary>
public sealed class OrtRuntimeTests
{
    [Fact]
    public void Loading_again_returns_the_same_runtime()
    {
        var first = OrtRuntime.Load(null);

        Assert.Same(first, OrtRuntime.Load(null));
        Assert.Same(first, OrtRuntime.Load(first.LibraryPath));
    }

    [Fact]
    public void A_second_different_library_is_refused()
    {
        var loaded = OrtRuntime.Load(null);
        string other = Path.Combine(Directory.CreateTempSubdirectory("streamlip-ort-").FullName, "libonnxruntime.so.1");
        File.WriteAllText(other, "not a library");

        var e = Assert.Throws<InvalidOperationException>(() => OrtRuntime.Load(other));

        Assert.Contains(loaded.LibraryPath, e.Message, StringComparison.Ordinal);
        Assert.Contains(other, e.Message, StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(other)!, recursive: true);
    }

    [Fact]
    public void A_file_that_is_not_a_library_is_reported_as_unloadable()
    {
        string path = TestPaths.Fixture("not-onnx.onnx");

        var e = Assert.Throws<OnnxRuntimeNotFoundException>(() => OrtRuntime.LoadFrom(path));

        Assert.Contains("the file exists but could not be loaded", e.Message, StringComparison.Ordinal);
        Assert.Equal([path], e.SearchedPaths);
    }
}
