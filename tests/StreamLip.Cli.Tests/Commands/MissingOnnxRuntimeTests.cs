using System.Diagnostics;
using StreamLip.Cli.Tests.Infrastructure;

namespace StreamLip.Cli.Tests.Commands;

/// <summary>
/// A program folder without ONNX Runtime's native library (a copy of this build, hard-linked, with the NuGet package's
/// libonnxruntime.so taken out): the CLI says what is missing and how to get it back, with the missing-dependency exit code.
/// </summary>
public sealed class MissingOnnxRuntimeTests : IDisposable
{
    private readonly string _dir = Repo.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Render_without_the_native_library_exits_3_naming_the_file_and_the_package()
    {
        string program = Path.Combine(_dir, "program");
        using (var copy = Process.Start("cp", ["-al", AppContext.BaseDirectory.TrimEnd('/'), program])!)
        {
            await copy.WaitForExitAsync();
            Assert.Equal(0, copy.ExitCode);
        }

        string library = Path.Combine(program, "runtimes", "linux-x64", "native", "libonnxruntime.so");
        Assert.True(File.Exists(library), $"the build has no {library}");
        File.Delete(library);
        string wav = Speech.Espeak(_dir, "No runtime.");

        var result = await CliProcess.RunFromAsync(program, "render", "--audio", wav, "--out", Path.Combine(_dir, "out.mp4"));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("ONNX Runtime's native library could not be loaded", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{library} does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.OnnxRuntime 1.32.0", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("./streamlip setup", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "out.mp4")));
    }
}
