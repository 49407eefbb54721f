using System.Diagnostics;
using StreamLip.Cli.Tests.Infrastructure;
using StreamLip.Tests.BadInput;

namespace StreamLip.Cli.Tests.Commands;

/// <summary>
/// Issue #6 item 3 through the real program: bad audio (the shared corpus), an avatar image without a face, and a
/// server started on a broken model each end in exit code 2 with one line naming the file and the problem, no stack
/// trace, and nothing half-written left on disk.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Repo.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out => Path.Combine(_dir, "out.mp4");

    private static string OnnxFixture(string name) => Path.Combine(Repo.Root, "tests", "StreamLip.Onnx.Tests", "Fixtures", name);

    [Theory]
    [MemberData(nameof(BadAudioFiles.Names), MemberType = typeof(BadAudioFiles))]
    public async Task Render_refuses_bad_audio_naming_the_file_and_the_problem(string name)
    {
        string audio = BadAudioFiles.Write(name, _dir);

        var result = await CliProcess.RunAsync("render", "--audio", audio, "--out", Out);

        AssertRefused(result, audio, BadAudioFiles.Cases[name].Problem);
        Assert.False(File.Exists(Out), "no output is left behind");
        Assert.Empty(Directory.GetFiles(_dir, "*.partial"));
    }

    [Fact]
    public async Task Avatar_build_on_an_image_without_a_face_leaves_nothing_behind_and_the_old_avatar_as_it_was()
    {
        string wall = Path.Combine(_dir, "wall.png");
        using (var gst = Process.Start("gst-launch-1.0", ["-q", "videotestsrc", "num-buffers=1", "pattern=smpte", "!", "video/x-raw,width=320,height=240", "!", "pngenc", "!", "filesink", $"location={wall}"])!)
        {
            await gst.WaitForExitAsync();
        }

        string fresh = Path.Combine(_dir, "fresh");
        string existing = Path.Combine(_dir, "existing");
        Directory.CreateDirectory(existing);
        await File.WriteAllTextAsync(Path.Combine(existing, "avatar.json"), "{\"previous\": true}");

        var intoNew = await CliProcess.RunAsync("avatar", "build", wall, "--out", fresh);
        var overOld = await CliProcess.RunAsync("avatar", "build", wall, "--out", existing);

        AssertRefused(intoNew, wall, "No face found in");
        AssertRefused(overOld, wall, "No face found in");
        Assert.False(Directory.Exists(fresh), "a failed build must not create its output directory");
        Assert.Equal("{\"previous\": true}", await File.ReadAllTextAsync(Path.Combine(existing, "avatar.json")));
        Assert.Equal(["existing", "wall.png"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Avatar_build_refuses_a_pixel_bomb_from_its_header_and_names_the_setting()
    {
        // 915 KB on disk, 3.6 GB as BGRx: it crashed the build with SIGSEGV inside GStreamer's converter (issue #14).
        string bomb = BadImageFiles.WritePixelBomb(Path.Combine(_dir, "bomb.png"));
        string output = Path.Combine(_dir, "avatar");

        var result = await CliProcess.RunAsync("avatar", "build", bomb, "--out", output);
        var lowered = await CliProcess.RunAsync("avatar", "build", bomb, "--out", output, "--max-pixels", "1000");

        AssertRefused(result, bomb, "has frames of 30000×30000 pixels (900 megapixels); at most 16777216 pixels (16.8 megapixels) per frame are accepted (the MaxPixels setting: avatar build --max-pixels");
        AssertRefused(lowered, bomb, "at most 1000 pixels");
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("not-onnx.onnx", "not-onnx.onnx")]
    [InlineData("wrong-contract.onnx", "Wav2Lip")]
    [InlineData("unknown-framing.onnx", "face_framing='s3fd-tight' is not a face framing StreamLip knows (haar, wav2lip)")]
    public async Task Serve_refuses_to_start_on_a_corrupt_or_wrong_contract_model(string model, string problem)
    {
        string avatars = Directory.CreateDirectory(Path.Combine(_dir, "avatars")).FullName;

        var result = await CliProcess.RunAsync("serve", "--urls", "http://127.0.0.1:0", $"--StreamLip:ModelPath={OnnxFixture(model)}", $"--StreamLip:AvatarsDirectory={avatars}", "--Logging:LogLevel:Default=None");

        AssertRefused(result, "streamlip serve:", problem);
    }

    [Fact]
    public async Task Serve_refuses_to_start_on_a_model_that_binds_but_fails_its_warm_up_run()
    {
        string avatars = Directory.CreateDirectory(Path.Combine(_dir, "avatars")).FullName;

        // Runs batch 1 only; the warm-up runs the largest batch the settings ask for (here 2 sessions × 5 = 10).
        var result = await CliProcess.RunAsync("serve", "--urls", "http://127.0.0.1:0", $"--StreamLip:ModelPath={OnnxFixture("runs-batch-1-only.onnx")}", $"--StreamLip:AvatarsDirectory={avatars}", "--StreamLip:MaxSessions=2", "--Logging:LogLevel:Default=None");

        AssertRefused(result, "runs-batch-1-only.onnx", "failed its warm-up run of 10 frames");
        Assert.Contains("MaxRunFrames", result.Stderr, StringComparison.Ordinal);
    }

    private static void AssertRefused(CliProcess.Result result, string names, string problem)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(names, result.Stderr, StringComparison.Ordinal);
        Assert.Contains(problem, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
