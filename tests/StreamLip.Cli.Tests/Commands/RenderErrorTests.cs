using System.Diagnostics;
using StreamLip.Cli.Tests.Infrastructure;

namespace StreamLip.Cli.Tests.Commands;

/// <summary>Every bad input ends in exit code 2 (or 3 for a missing dependency), a message naming the problem, and no output file.</summary>
public sealed class RenderErrorTests : IDisposable
{
    private readonly string _dir = Repo.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out => Path.Combine(_dir, "out.mp4");

    private string Wav => Speech.Espeak(_dir, "Short test.");

    private static string Fixture(string name) => Path.Combine(Repo.Root, "tests", "StreamLip.Onnx.Tests", "Fixtures", name);

    [Fact]
    public async Task Missing_audio()
    {
        var result = await CliProcess.RunAsync("render", "--audio", Path.Combine(_dir, "none.wav"), "--out", Out);
        AssertRefused(result, 2, "none.wav does not exist");
    }

    [Fact]
    public async Task A_file_that_is_not_an_onnx_model()
    {
        var result = await CliProcess.RunAsync("render", "--audio", Wav, "--model", Fixture("not-onnx.onnx"), "--out", Out);
        AssertRefused(result, 2, "not-onnx.onnx");
    }

    [Fact]
    public async Task A_model_of_another_contract()
    {
        var result = await CliProcess.RunAsync("render", "--audio", Wav, "--model", Fixture("wrong-contract.onnx"), "--out", Out);
        AssertRefused(result, 2, "Wav2Lip");
    }

    [Fact]
    public async Task A_batch_of_zero()
    {
        var result = await CliProcess.RunAsync("render", "--audio", Wav, "--batch", "0", "--out", Out);
        AssertRefused(result, 2, "--batch must be at least 1");
    }

    [Fact]
    public async Task A_batch_of_a_million_is_refused_naming_the_limit()
    {
        var result = await CliProcess.RunAsync("render", "--audio", Wav, "--batch", "1000000", "--out", Out);
        AssertRefused(result, 2, "--batch must be at least 1 and at most 128 frames, not 1000000");
    }

    [Fact]
    public async Task An_output_that_is_an_existing_directory_is_refused_before_any_work()
    {
        string directory = Path.Combine(_dir, "clip.mp4");
        Directory.CreateDirectory(directory);

        var result = await CliProcess.RunAsync("render", "--audio", Wav, "--out", directory);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--out {directory} is a directory", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Rendered", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
    }

    [Fact]
    public async Task An_output_that_is_not_mp4()
    {
        var result = await CliProcess.RunAsync("render", "--audio", Wav, "--out", Path.Combine(_dir, "out.avi"));
        AssertRefused(result, 2, "--out must name an .mp4 file");
    }

    [Fact]
    public async Task An_avatar_image_without_a_face()
    {
        string wall = Path.Combine(_dir, "wall.png");
        using (var gst = Process.Start("gst-launch-1.0", ["-q", "videotestsrc", "num-buffers=1", "pattern=smpte", "!", "video/x-raw,width=320,height=240", "!", "pngenc", "!", "filesink", $"location={wall}"])!)
        {
            await gst.WaitForExitAsync();
        }

        var result = await CliProcess.RunAsync("render", "--audio", Wav, "--avatar", wall, "--out", Out);
        AssertRefused(result, 2, "No face found in");
    }

    [Fact]
    public async Task A_missing_avatar()
    {
        var result = await CliProcess.RunAsync("render", "--audio", Wav, "--avatar", Path.Combine(_dir, "ghost"), "--out", Out);
        AssertRefused(result, 2, "does not exist");
    }

    private void AssertRefused(CliProcess.Result result, int code, string message)
    {
        Assert.True(result.ExitCode == code, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Out), "no output is left behind");
        Assert.Empty(Directory.GetFiles(_dir, "*.partial"));
    }
}
