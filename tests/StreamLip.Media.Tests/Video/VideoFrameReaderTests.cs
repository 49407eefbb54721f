using StreamLip.Media.Video;

namespace StreamLip.Media.Tests.Video;

[Collection(GStreamerCollection.Name)]
public sealed class VideoFrameReaderTests(GStreamerFixture fixture)
{
    [Fact]
    public void Frames_are_read_into_one_reused_buffer_until_the_end()
    {
        using var reader = VideoFrameReader.Open(fixture.AstronautMp4);
        byte[] frame = new byte[reader.FrameSizeBytes];

        Assert.Equal((512, 512, 25.0), (reader.Width, reader.Height, reader.Fps));
        int count = 0;
        while (reader.TryReadFrame(frame, out VideoFrameInfo info))
        {
            Assert.Equal(count, info.Index);
            Assert.Null(info.Faces);
            count++;
        }

        Assert.Equal(25, count);
        Assert.Equal(25, reader.FramesRead);
        Assert.False(reader.TryReadFrame(frame, out _));
    }

    [Fact]
    public void A_video_frame_matches_the_image_it_was_encoded_from()
    {
        byte[] png = Assert.Single(VideoFileDecoder.Decode(fixture.AstronautPng).Frames).Bgrx;
        using var reader = VideoFrameReader.Open(fixture.AstronautMp4);
        byte[] frame = new byte[reader.FrameSizeBytes];

        Assert.True(reader.TryReadFrame(frame, out _));

        Assert.InRange(VideoFileDecoderTests.MeanAbsoluteDifference(png, frame), 0, 6);
    }

    [Fact]
    public void A_destination_too_small_is_refused()
    {
        using var reader = VideoFrameReader.Open(fixture.AstronautPng);

        Assert.Throws<ArgumentException>(() => reader.TryReadFrame(new byte[100], out _));
    }

    [Fact]
    public void A_disposed_reader_refuses_use()
    {
        var reader = VideoFrameReader.Open(fixture.AstronautPng);
        reader.Dispose();
        reader.Dispose();

        Assert.Throws<ObjectDisposedException>(() => reader.TryReadFrame(new byte[512 * 512 * 4], out _));
    }
}
