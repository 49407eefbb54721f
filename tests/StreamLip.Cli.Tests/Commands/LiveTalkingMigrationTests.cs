using StreamLip.Avatars;
using StreamLip.Cli.Tests.Infrastructure;
using StreamLip.Media.Audio;

namespace StreamLip.Cli.Tests.Commands;

/// <summary>
/// A LiveTalking user's two commands, end to end: <c>./streamlip model export wav2lip256.pth</c> (a random-weight
/// 256-px checkpoint made here by models/tools/make_bench_model.py) and <c>./streamlip avatar import</c> (a
/// LiveTalking folder made from the built-in avatar), then <c>render</c> with both.
/// </summary>
public sealed class LiveTalkingMigrationTests(LiveTalkingMigrationTests.Migration migration) : IClassFixture<LiveTalkingMigrationTests.Migration>
{
    [Fact]
    public void The_checkpoint_exports_as_the_256_layout_and_matches_torch()
    {
        Assert.True(migration.Export.ExitCode == 0, migration.Export.ToString());
        Assert.Contains("Wav2Lip-256 with spatial attention generator (LiveTalking's wav2lip256.pth), face size 256", migration.Export.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"vs torch \(float32\), batch 1: max abs diff \d", migration.Export.Stdout);
    }

    [Fact]
    public void The_render_is_a_25_fps_video_as_long_as_the_speech()
    {
        Assert.True(migration.Render.ExitCode == 0, migration.Render.ToString());
        Assert.Matches(@"Rendered .*out\.mp4: \d+ frames .* at 25 fps, 512×512", migration.Render.Stdout);
        var frames = VideoFrames.ReadAll(migration.Output, out double fps, out int width, out int height);
        double seconds = AudioFileDecoder.Decode(migration.Speech, 16000, 1).Length / 16000.0;

        Assert.Equal(25, fps, 3);
        Assert.Equal((512, 512), (width, height));
        Assert.InRange(seconds, 0.5, 3);
        Assert.InRange(frames.Count, (seconds * 25) - 1, (seconds * 25) + 1);
        double audio = AudioFileDecoder.Decode(migration.Output, 16000, 1).Length / 16000.0;
        Assert.InRange(audio, seconds - 0.04, seconds + 0.04);
    }

    [Fact]
    public void The_256_model_draws_the_lower_face_and_nothing_else_changes()
    {
        var frames = VideoFrames.ReadAll(migration.Output, out _, out _, out _);
        using var avatar = Avatar.Load(migration.AvatarDirectory);
        for (int k = 0; k < frames.Count; k++)
        {
            int cache = avatar.LoopIndex(k);
            var box = avatar.Box(cache);
            var original = avatar.Frame(cache);
            // Random weights draw noise, not a mouth: far from the avatar inside the lower face, codec noise elsewhere
            // (H.264 at CRF 23 on this textured picture, with the noisy mouth taking bits: ~5 levels).
            double mouth = VideoFrames.MeanAbsDiff(frames[k], original, avatar.Width, VideoFrames.Region(box, 0.30, 0.70, 0.62, 0.88));
            double forehead = VideoFrames.MeanAbsDiff(frames[k], original, avatar.Width, VideoFrames.Region(box, 0.30, 0.70, 0.08, 0.30));
            double corner = VideoFrames.MeanAbsDiff(frames[k], original, avatar.Width, (0, 64, 448, 512));
            Assert.True(mouth > 20 && mouth > 5 * Math.Max(forehead, corner) && forehead < 8 && corner < 8, $"frame {k}: mouth {mouth:F1}, forehead {forehead:F1}, corner {corner:F1} levels from the avatar");
        }
    }

    /// <summary>The checkpoint, the export, the import and one render, made once (~3–5 min on 2 cores: the 256 model is ~20× Wav2Lip-96).</summary>
    public sealed class Migration : IAsyncLifetime
    {
        private readonly string _dir = Repo.TempDirectory();

        public CliProcess.Result Export { get; private set; } = new(-1, "", "");

        public CliProcess.Result Render { get; private set; } = new(-1, "", "");

        public string AvatarDirectory => Path.Combine(_dir, "avatar");

        public string Output => Path.Combine(_dir, "out.mp4");

        public string Speech { get; private set; } = "";

        public async Task InitializeAsync()
        {
            string checkpoint = Path.Combine(_dir, "wav2lip256.pth");
            string model = Path.Combine(_dir, "wav2lip256.onnx");
            var made = await CliProcess.RunToolAsync(LiveTalkingFolder.Python, TimeSpan.FromMinutes(5), Path.Combine(Repo.Root, "models", "tools", "make_bench_model.py"),
                "--layout", "wav2lip256-sam", "--seed", "3", "--calibration-batches", "1", "--calibration-batch-size", "2", "--checkpoint-out", checkpoint);
            Assert.True(made.ExitCode == 0, $"making the checkpoint: {made}");

            // The user's first command.
            Export = await CliProcess.RunToolAsync("bash", TimeSpan.FromMinutes(8), Path.Combine(Repo.Root, "streamlip"), "model", "export", checkpoint, "--out", model, "--verify-batch", "1");
            File.Delete(checkpoint); // 691 MB
            Assert.True(Export.ExitCode == 0, $"exporting: {Export}");

            // The second: a LiveTalking folder, made from the built-in avatar, imported.
            string folder = Path.Combine(_dir, "wav2lip256_avatar1");
            using (var builtIn = Avatar.Load(Repo.RequireBuiltInAvatar()))
            {
                await LiveTalkingFolder.WriteAsync(builtIn, folder, 12);
            }

            var import = await CliProcess.RunAsync("avatar", "import", folder, "--out", AvatarDirectory);
            Assert.True(import.ExitCode == 0, $"importing: {import}");

            Speech = Infrastructure.Speech.Espeak(_dir, "Hello there.", "en-us", 170);
            Render = await CliProcess.RunToolAsync("dotnet", TimeSpan.FromMinutes(10), Path.Combine(AppContext.BaseDirectory, "streamlip.dll"),
                "render", "--audio", Speech, "--avatar", AvatarDirectory, "--model", model, "--batch", "2", "--out", Output);
        }

        public Task DisposeAsync()
        {
            Directory.Delete(_dir, recursive: true);
            return Task.CompletedTask;
        }
    }
}
