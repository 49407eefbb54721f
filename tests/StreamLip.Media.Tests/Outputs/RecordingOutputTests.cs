using StreamLip.Media.Audio;
using StreamLip.Media.Outputs;
using StreamLip.Media.Probing;

namespace StreamLip.Media.Tests.Outputs;

[Collection(GStreamerCollection.Name)]
public sealed class RecordingOutputTests(GStreamerFixture fixture)
{
    private RecordingOptions Options(string? path = null, bool completeOnDispose = false) => new()
    {
        Path = path ?? fixture.NewPath("mp4"),
        Encoding = new EncodingOptions { Width = OutputFeed.Width, Height = OutputFeed.Height, VideoBitrateKbps = 800 },
        CompleteOnDispose = completeOnDispose,
    };

    [Fact]
    public async Task Three_seconds_recorded_mid_session_probe_as_25_fps_from_zero_with_the_tone()
    {
        using var recording = new RecordingOutput(Options());
        await OutputFeed.RunAsync(recording, frames: 75);
        Assert.False(File.Exists(recording.Path), "nothing may be at the final path before Complete");
        Assert.True(File.Exists(recording.PartialPath));

        RecordingResult result = recording.Complete();

        Assert.Equal(recording.Path, result.Path);
        Assert.Equal(75, result.Frames);
        Assert.InRange(result.Duration.TotalSeconds, 2.99, 3.01);
        Assert.False(File.Exists(recording.PartialPath));
        MediaInfo info = MediaProbe.Probe(result.Path);
        Assert.NotNull(info.Video);
        Assert.Equal((OutputFeed.Width, OutputFeed.Height, 25.0, 75), (info.Video.Width, info.Video.Height, info.Video.Fps, info.Video.FrameCount));
        Assert.InRange(info.Video.Duration.TotalSeconds, 2.96, 3.04); // starts at 0, not at the session's 7.36 s
        Assert.True(info.HasAudio);
        Assert.InRange(info.Audio!.Duration.TotalSeconds, 2.9, 3.1);

        // Frame 50 shows the bar where the feed drew it in its frame 50.
        byte[] frame = MediaProbe.ReadFrameBgrx(result.Path, 50, out _, out _);
        Assert.InRange(OutputFeed.FindBar(frame), OutputFeed.BarX(50) - 2, OutputFeed.BarX(50) + 2);
        float[] audio = AudioFileDecoder.Decode(result.Path);
        StreamAssert.TonePresent(audio, 16000, minSeconds: 2.9);
    }

    [Fact]
    public async Task An_aborted_recording_leaves_no_file()
    {
        var recording = new RecordingOutput(Options());
        await OutputFeed.RunAsync(recording, frames: 10);
        Assert.True(File.Exists(recording.PartialPath));

        recording.Dispose();

        Assert.False(File.Exists(recording.PartialPath));
        Assert.False(File.Exists(recording.Path));
        Assert.Null(recording.Result);
    }

    [Fact]
    public void A_recording_into_a_missing_folder_fails_at_start_and_leaves_no_file()
    {
        string path = Path.Combine(fixture.WorkDirectory, "no-such-folder", "x.mp4");
        var e = Assert.Throws<RecordingException>(() => new RecordingOutput(Options(path)));
        Assert.Contains("no-such-folder", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public void A_recording_without_frames_completes_to_nothing()
    {
        using var recording = new RecordingOutput(Options());
        Assert.Throws<InvalidOperationException>(() => recording.Complete());
        Assert.False(File.Exists(recording.PartialPath));
        Assert.False(File.Exists(recording.Path));
    }

    [Fact]
    public async Task Complete_on_dispose_keeps_what_a_session_recorded_before_it_ended()
    {
        var recording = new RecordingOutput(Options(completeOnDispose: true));
        await OutputFeed.RunAsync(recording, frames: 25);

        recording.Dispose(); // what a session does with its outputs when it ends

        Assert.NotNull(recording.Result);
        Assert.False(File.Exists(recording.PartialPath));
        MediaInfo info = MediaProbe.Probe(recording.Path);
        Assert.Equal(25, info.Video!.FrameCount);
        Assert.True(info.HasAudio);
    }
}
