using StreamLip.Media.Probing;

namespace StreamLip.Media.Tests.Probing;

[Collection(GStreamerCollection.Name)]
public sealed class MediaProbeTests(GStreamerFixture fixture)
{
    [Fact]
    public void An_image_is_one_still_frame_without_audio()
    {
        MediaInfo info = MediaProbe.Probe(fixture.AstronautPng);

        Assert.Equal(new VideoStreamInfo(512, 512, 0, 1, TimeSpan.Zero), info.Video);
        Assert.False(info.HasAudio);
    }

    [Fact]
    public void A_WAV_is_audio_only_with_its_exact_length()
    {
        string path = fixture.NewPath("wav");
        WavFile.Write(path, Signals.Sine(440, seconds: 2.5, sampleRate: 22050, channels: 2), 22050, 2);

        MediaInfo info = MediaProbe.Probe(path);

        Assert.False(info.HasVideo);
        Assert.Equal(new AudioStreamInfo(22050, 2, 55125, TimeSpan.FromSeconds(2.5)), info.Audio);
        Assert.Equal(TimeSpan.FromSeconds(2.5), info.Duration);
    }

    [Fact]
    public void A_video_counts_its_decoded_frames()
    {
        MediaInfo info = MediaProbe.Probe(fixture.AstronautMp4);

        Assert.Equal(new VideoStreamInfo(512, 512, 25, 25, TimeSpan.FromSeconds(1)), info.Video);
        Assert.Null(info.Audio);
    }

    [Fact]
    public void A_text_file_is_not_media()
    {
        string path = fixture.NewPath("mp4");
        File.WriteAllText(path, "nothing to see");

        var e = Assert.Throws<InvalidDataException>(() => MediaProbe.Probe(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_past_the_last_frame_is_out_of_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MediaProbe.ReadFrameBgrx(fixture.AstronautMp4, 25, out _, out _));

        Assert.Contains("only 25 frames", e.Message, StringComparison.Ordinal);
    }
}
