using StreamLip.Media.Audio;
using StreamLip.Media.Muxing;
using StreamLip.Media.Probing;
using StreamLip.Media.Video;

namespace StreamLip.Media.Tests.Muxing;

[Collection(GStreamerCollection.Name)]
public sealed class Mp4WriterTests(GStreamerFixture fixture)
{
    private const int Width = 320;
    private const int Height = 240;

    /// <summary>Frame <paramref name="i"/>'s flat colour (B, G, R).</summary>
    private static (byte B, byte G, byte R) ColourOf(int i) => ((byte)(20 + (2 * i)), (byte)(230 - (2 * i)), 128);

    [Fact]
    public async Task Hundred_frames_and_four_seconds_of_audio_read_back_as_written()
    {
        string path = fixture.NewPath("mp4");
        float[] audio = Signals.Sine(440, seconds: 4, sampleRate: 16000);

        await RunWithin(TimeSpan.FromMinutes(3), () =>
        {
            using var writer = new Mp4Writer(path, new Mp4WriterOptions { Width = Width, Height = Height });
            byte[] frame = new byte[Width * Height * 4];

            // All video first, then all audio, on one thread: the muxer must not wait on a blocked appsrc.
            for (int i = 0; i < 100; i++)
            {
                Fill(frame, ColourOf(i));
                writer.WriteVideoFrame(frame);
            }

            writer.WriteAudio(audio);
            Assert.False(File.Exists(path), "nothing may be at the final path before Complete");
            writer.Complete();
            Assert.Equal(100, writer.FramesWritten);
            Assert.Equal(64000, writer.AudioFramesWritten);
        });

        Assert.False(File.Exists(path + ".partial"));
        MediaInfo info = MediaProbe.Probe(path);
        Assert.NotNull(info.Video);
        Assert.Equal((Width, Height, 25.0, 100), (info.Video.Width, info.Video.Height, info.Video.Fps, info.Video.FrameCount));
        Assert.InRange(info.Video.Duration.TotalSeconds, 4 - 0.04, 4 + 0.04);
        Assert.True(info.HasAudio);
        Assert.InRange(info.Audio!.Duration.TotalSeconds, 4 - 0.04, 4 + 0.04);
        Assert.InRange(info.Duration.TotalSeconds, 4 - 0.04, 4 + 0.04);

        foreach (int i in new[] { 0, 50, 99 })
        {
            AssertFlat(MediaProbe.ReadFrameBgrx(path, i, out int w, out int h), ColourOf(i), tolerance: 6);
            Assert.Equal((Width, Height), (w, h));
        }

        float[] decoded = AudioFileDecoder.Decode(path);
        Assert.InRange(Signals.FrequencyByZeroCrossings(decoded, 16000, skip: 1600), 438, 442);
    }

    [Fact]
    public async Task Interleaved_writes_at_a_set_bitrate_keep_exact_frame_times()
    {
        string path = fixture.NewPath("mp4");
        await RunWithin(TimeSpan.FromMinutes(2), () =>
        {
            using var writer = new Mp4Writer(path, new Mp4WriterOptions
            {
                Width = Width, Height = Height, AudioSampleRate = 48000, AudioChannels = 2, VideoBitrateKbps = 800, KeyFrameInterval = 10,
            });
            byte[] frame = new byte[Width * Height * 4];
            float[] stereo = Signals.Sine(1000, seconds: 0.04, sampleRate: 48000, channels: 2);
            for (int i = 0; i < 30; i++)
            {
                Fill(frame, ColourOf(i));
                writer.WriteVideoFrame(frame);
                writer.WriteAudio(stereo);
            }

            writer.Complete();
        });

        using var reader = VideoFrameReader.Open(path);
        byte[] buffer = new byte[reader.FrameSizeBytes];
        int n = 0;
        while (reader.TryReadFrame(buffer, out VideoFrameInfo info))
        {
            Assert.Equal(n * 40_000_000L, info.PtsNs);
            n++;
        }

        Assert.Equal(30, n);
        MediaInfo probe = MediaProbe.Probe(path);
        Assert.Equal((48000, 2), (probe.Audio!.SampleRate, probe.Audio.Channels));
        Assert.InRange(probe.Audio.Duration.TotalSeconds, 1.2 - 0.04, 1.2 + 0.04);
    }

    [Fact]
    public async Task A_video_only_file_has_no_audio_and_refuses_audio()
    {
        string path = fixture.NewPath("mp4");
        await RunWithin(TimeSpan.FromMinutes(1), () =>
        {
            using var writer = new Mp4Writer(path, new Mp4WriterOptions { Width = 64, Height = 64, AudioChannels = 0 });
            byte[] frame = new byte[64 * 64 * 4];
            for (int i = 0; i < 10; i++)
            {
                writer.WriteVideoFrame(frame);
            }

            Assert.Throws<InvalidOperationException>(() => writer.WriteAudio(new float[16]));
            writer.Complete();
        });

        MediaInfo info = MediaProbe.Probe(path);
        Assert.False(info.HasAudio);
        Assert.Equal(10, info.Video!.FrameCount);
    }

    [Fact]
    public void Sound_starts_after_the_AAC_priming_as_documented()
    {
        // Pins the known 1024-sample (21.3 ms at 48 kHz) AAC encoder delay that Mp4Writer's remarks describe.
        string path = fixture.NewPath("mp4");
        using (var writer = new Mp4Writer(path, new Mp4WriterOptions { Width = 64, Height = 64 }))
        {
            for (int i = 0; i < 10; i++)
            {
                writer.WriteVideoFrame(new byte[64 * 64 * 4]);
            }

            writer.WriteAudio(Signals.Sine(440, seconds: 0.4, sampleRate: 16000));
            writer.Complete();
        }

        float[] decoded = AudioFileDecoder.Decode(path);
        int onset = Array.FindIndex(decoded, v => Math.Abs(v) > 0.1f);

        Assert.InRange(onset / 16.0, 21.3 - 3, 21.3 + 3);
    }

    [Fact]
    public void Cancelling_Complete_leaves_no_file()
    {
        string path = fixture.NewPath("mp4");
        var writer = new Mp4Writer(path, new Mp4WriterOptions { Width = 64, Height = 64, AudioChannels = 0 });
        writer.WriteVideoFrame(new byte[64 * 64 * 4]);

        Assert.ThrowsAny<OperationCanceledException>(() => writer.Complete(new CancellationToken(canceled: true)));

        Assert.False(File.Exists(path));
        Assert.False(File.Exists(writer.PartialPath));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteVideoFrame(new byte[64 * 64 * 4]));
    }

    [Fact]
    public void Disposing_without_Complete_leaves_no_file()
    {
        string path = fixture.NewPath("mp4");
        using (var writer = new Mp4Writer(path, new Mp4WriterOptions { Width = 64, Height = 64 }))
        {
            writer.WriteVideoFrame(new byte[64 * 64 * 4]);
            writer.WriteAudio(new float[1600]);
            Assert.True(File.Exists(writer.PartialPath));
        }

        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void An_existing_file_is_replaced_only_when_complete()
    {
        string path = fixture.NewPath("mp4");
        File.WriteAllText(path, "old");
        using var writer = new Mp4Writer(path, new Mp4WriterOptions { Width = 64, Height = 64, AudioChannels = 0 });
        writer.WriteVideoFrame(new byte[64 * 64 * 4]);

        Assert.Equal("old", File.ReadAllText(path));
        writer.Complete();

        Assert.Equal(1, MediaProbe.Probe(path).Video!.FrameCount);
    }

    [Fact]
    public void Writing_frames_allocates_no_managed_memory_per_frame()
    {
        string path = fixture.NewPath("mp4");
        using var writer = new Mp4Writer(path, new Mp4WriterOptions { Width = 128, Height = 128 });
        byte[] frame = new byte[128 * 128 * 4];
        float[] audio = new float[640];
        for (int i = 0; i < 5; i++)
        {
            writer.WriteVideoFrame(frame);
            writer.WriteAudio(audio);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            writer.WriteVideoFrame(frame);
            writer.WriteAudio(audio);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        writer.Complete();
        Assert.True(allocated < 1024, $"{allocated} bytes allocated for 50 frames");
    }

    [Fact]
    public void Misuse_is_refused_with_clear_errors()
    {
        var odd = Assert.Throws<ArgumentOutOfRangeException>(() => new Mp4Writer(fixture.NewPath("mp4"), new Mp4WriterOptions { Width = 63, Height = 64 }));
        Assert.Equal("Width", odd.ParamName);

        string path = fixture.NewPath("mp4");
        using var writer = new Mp4Writer(path, new Mp4WriterOptions { Width = 64, Height = 64, AudioChannels = 2 });
        Assert.Throws<ArgumentException>(() => writer.WriteVideoFrame(new byte[10]));
        Assert.Throws<ArgumentException>(() => writer.WriteAudio(new float[3]));
        Assert.Throws<InvalidOperationException>(() => writer.Complete());
        writer.WriteVideoFrame(new byte[64 * 64 * 4]);
        writer.WriteAudio(new float[3200]);
        writer.Complete();
        Assert.Throws<InvalidOperationException>(() => writer.WriteVideoFrame(new byte[64 * 64 * 4]));
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.WriteVideoFrame(new byte[64 * 64 * 4]));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_an_IOException()
    {
        string path = Path.Combine(fixture.WorkDirectory, "no-such-folder", "out.mp4");

        var e = Assert.Throws<IOException>(() => new Mp4Writer(path, new Mp4WriterOptions { Width = 64, Height = 64 }));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    /// <summary>Fails with a TimeoutException instead of hanging when writing deadlocks.</summary>
    private static Task RunWithin(TimeSpan limit, Action action) => Task.Run(action).WaitAsync(limit);

    private static void Fill(byte[] frame, (byte B, byte G, byte R) colour)
    {
        for (int p = 0; p < frame.Length; p += 4)
        {
            frame[p] = colour.B;
            frame[p + 1] = colour.G;
            frame[p + 2] = colour.R;
            frame[p + 3] = 255;
        }
    }

    private static void AssertFlat(byte[] frame, (byte B, byte G, byte R) colour, int tolerance)
    {
        long b = 0, g = 0, r = 0;
        int pixels = frame.Length / 4;
        for (int p = 0; p < frame.Length; p += 4)
        {
            b += frame[p];
            g += frame[p + 1];
            r += frame[p + 2];
        }

        Assert.InRange(b / pixels, colour.B - tolerance, colour.B + tolerance);
        Assert.InRange(g / pixels, colour.G - tolerance, colour.G + tolerance);
        Assert.InRange(r / pixels, colour.R - tolerance, colour.R + tolerance);
    }
}
