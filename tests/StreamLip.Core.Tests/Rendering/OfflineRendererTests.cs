using StreamLip.Audio;
using StreamLip.Avatars;
using StreamLip.Core.Tests.Avatars;
using StreamLip.Rendering;

namespace StreamLip.Core.Tests.Rendering;

public sealed class OfflineRendererTests : IDisposable
{
    private const int W = 64, H = 64;
    private readonly string _dir = TestFrames.TempDirectory();
    private readonly Avatar _avatar;

    public OfflineRendererTests()
    {
        byte[] frame = TestFrames.Gradient(W, H);
        TestFrames.Fill(frame, W, new FaceBox(16, 16, 32, 32), 200, 200, 200);
        AvatarBuilder.Build([new AvatarSourceFrame(frame, [new FaceBox(16, 16, 32, 22)])], W, H, "t.png", _dir, new AvatarBuildOptions { FaceSize = 16, StillFrames = 3 });
        _avatar = Avatar.Load(_dir);
    }

    public void Dispose()
    {
        _avatar.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One second of silence, then one second of a loud tone, then silence: 16 kHz.</summary>
    private static float[] SilenceToneSilence()
    {
        float[] samples = new float[16000 * 3];
        for (int i = 16000; i < 32000; i++)
        {
            samples[i] = 0.5f * MathF.Sin(2 * MathF.PI * 440 * i / 16000);
        }

        return samples;
    }

    [Fact]
    public async Task Every_frame_arrives_once_in_order_with_the_mouth_of_its_own_window()
    {
        float[] samples = SilenceToneSilence();
        var mel = MelSpectrogram.Compute(samples);
        int frames = MelWindows.FrameCount(samples.Length);
        using var generator = new FakeGenerator(16, 5);
        var indices = new List<long>();
        var darkened = new List<bool>();
        int mouth = ((_avatar.Box(0).Y + (_avatar.Box(0).Height * 3 / 4)) * W * 4) + ((_avatar.Box(0).X + (_avatar.Box(0).Width / 2)) * 4);

        var result = await OfflineRenderer.RenderAsync(mel, frames, _avatar, generator, new RenderOptions { BatchSize = 5 }, (i, f) =>
        {
            indices.Add(i);
            darkened.Add(f.Span[mouth] < 150);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(75, frames);
        Assert.Equal(75, result.Frames);
        Assert.Equal(Enumerable.Range(0, 75).Select(i => (long)i), indices);
        Assert.Equal(75, generator.Batches.Sum());
        Assert.All(generator.Batches, b => Assert.InRange(b, 1, 5));
        // Frame i's window covers 200 ms from i/25 s on: frames 0–19 are silent, 21–49 hear the tone, 51+ silent.
        Assert.All(Enumerable.Range(0, 19), i => Assert.False(darkened[i], $"frame {i}"));
        Assert.All(Enumerable.Range(21, 28), i => Assert.True(darkened[i], $"frame {i}"));
        Assert.All(Enumerable.Range(52, 23), i => Assert.False(darkened[i], $"frame {i}"));
    }

    [Fact]
    public async Task A_generator_failure_surfaces_as_itself()
    {
        var mel = MelSpectrogram.Compute(new float[16000]);
        using var generator = new FakeGenerator(16, 5, failOnRun: 2);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => OfflineRenderer.RenderAsync(mel, 25, _avatar, generator, new RenderOptions(), (_, _) => ValueTask.CompletedTask));

        Assert.Equal("injected generator failure", e.Message);
    }

    [Fact]
    public async Task A_sink_failure_stops_the_render()
    {
        var mel = MelSpectrogram.Compute(new float[16000]);
        using var generator = new FakeGenerator(16, 5);

        await Assert.ThrowsAsync<IOException>(() => OfflineRenderer.RenderAsync(mel, 25, _avatar, generator, new RenderOptions(), (i, _) => i == 7 ? throw new IOException("disk full") : ValueTask.CompletedTask));
    }

    [Fact]
    public async Task Bad_batch_sizes_are_refused()
    {
        var mel = MelSpectrogram.Compute(new float[16000]);
        using var generator = new FakeGenerator(16, 5);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => OfflineRenderer.RenderAsync(mel, 25, _avatar, generator, new RenderOptions { BatchSize = 6 }, (_, _) => ValueTask.CompletedTask));
        Assert.Contains("Batch size must be 1..5", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("training", -1)]
    [InlineData("inference", 0)]
    [InlineData("-1", -1)]
    public void The_model_declares_its_alignment(string value, int expected)
    {
        var info = new Inference.LipSyncModelInfo("m", "f", "o", 96, 5, null, "x", new Dictionary<string, string> { [OfflineRenderer.AlignmentMetadataKey] = value });
        Assert.Equal(expected, OfflineRenderer.AlignmentFromMetadata(info));
    }
}
