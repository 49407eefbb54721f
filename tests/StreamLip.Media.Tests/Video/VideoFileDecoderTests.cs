using StreamLip.Avatars;
using StreamLip.Media.Video;
using StreamLip.Tests.BadInput;

namespace StreamLip.Media.Tests.Video;

[Collection(GStreamerCollection.Name)]
public sealed class VideoFileDecoderTests(GStreamerFixture fixture)
{
    /// <summary>What facedetect (frontal default cascade, min size 60) finds in the 512×512 astronaut.</summary>
    private static readonly FaceBox AstronautFace = new(175, 64, 97, 97);

    [Fact]
    public void The_astronaut_PNG_is_one_512_square_frame_with_her_face_found()
    {
        DecodedVideo video = VideoFileDecoder.Decode(fixture.AstronautPng, new VideoDecodeOptions { DetectFaces = true, MinFaceSize = 60 });

        Assert.Equal(512, video.Width);
        Assert.Equal(512, video.Height);
        Assert.Equal(0, video.Fps);
        DecodedFrame frame = Assert.Single(video.Frames);
        Assert.Equal(512 * 512 * 4, frame.Bgrx.Length);
        AssertIsAstronautFace(Assert.Single(frame.Faces!));
    }

    [Fact]
    public void Without_detection_frames_have_no_face_list()
    {
        DecodedVideo video = VideoFileDecoder.Decode(fixture.AstronautPng);

        Assert.Null(Assert.Single(video.Frames).Faces);
    }

    [Fact]
    public void A_minimum_face_size_above_the_face_finds_nothing()
    {
        DecodedVideo video = VideoFileDecoder.Decode(fixture.AstronautPng, new VideoDecodeOptions { DetectFaces = true, MinFaceSize = 200 });

        Assert.Empty(Assert.Single(video.Frames).Faces!);
    }

    [Fact]
    public void A_JPEG_of_the_astronaut_decodes_close_to_the_PNG()
    {
        string jpeg = fixture.NewPath("jpg");
        GStreamerFixture.RunLaunch(
            $"filesrc location=\"{fixture.AstronautPng}\" ! pngdec ! videoconvert ! jpegenc quality=95 ! filesink location=\"{jpeg}\"");

        byte[] png = Assert.Single(VideoFileDecoder.Decode(fixture.AstronautPng).Frames).Bgrx;
        DecodedVideo fromJpeg = VideoFileDecoder.Decode(jpeg, new VideoDecodeOptions { DetectFaces = true });

        Assert.Equal((512, 512), (fromJpeg.Width, fromJpeg.Height));
        DecodedFrame frame = Assert.Single(fromJpeg.Frames);
        Assert.InRange(MeanAbsoluteDifference(png, frame.Bgrx), 0, 4);
        AssertIsAstronautFace(Assert.Single(frame.Faces!));
    }

    [Fact]
    public void A_one_second_video_gives_25_frames_each_with_the_face_and_its_time()
    {
        var progress = new List<int>();

        DecodedVideo video = VideoFileDecoder.Decode(
            fixture.AstronautMp4, new VideoDecodeOptions { DetectFaces = true }, new SynchronousProgress(progress.Add));

        Assert.Equal(25, video.Fps);
        Assert.Equal(25, video.Frames.Count);
        for (int i = 0; i < 25; i++)
        {
            Assert.Equal(i * 40_000_000L, video.Frames[i].PtsNs);

            // Haar cascades can add a false positive on a compressed frame; the real face must be there.
            Assert.Contains(video.Frames[i].Faces!, IsAstronautFace);
        }

        Assert.Equal(Enumerable.Range(1, 25), progress);
    }

    [Fact]
    public void Frames_without_faces_have_an_empty_face_list()
    {
        string path = fixture.NewPath("mp4");
        GStreamerFixture.RunLaunch(
            "videotestsrc num-buffers=5 ! video/x-raw,width=320,height=240,framerate=25/1 ! videoconvert ! x264enc speed-preset=veryfast ! " +
            $"mp4mux ! filesink location=\"{path}\"");

        DecodedVideo video = VideoFileDecoder.Decode(path, new VideoDecodeOptions { DetectFaces = true });

        Assert.Equal((320, 240, 5), (video.Width, video.Height, video.Frames.Count));
        Assert.All(video.Frames, f => Assert.Empty(f.Faces!));
    }

    [Fact]
    public void More_frames_than_allowed_is_an_error_that_names_the_limit()
    {
        var e = Assert.Throws<InvalidDataException>(
            () => VideoFileDecoder.Decode(fixture.AstronautMp4, new VideoDecodeOptions { MaxFrames = 10 }));

        Assert.Contains(fixture.AstronautMp4, e.Message, StringComparison.Ordinal);
        Assert.Contains("more than 10 frames", e.Message, StringComparison.Ordinal);
        Assert.Contains("MaxFrames", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_PNG_of_30000_by_30000_pixels_is_refused_from_its_header_before_decoding()
    {
        string path = BadImageFiles.WritePixelBomb(fixture.NewPath("png"));
        Assert.InRange(new FileInfo(path).Length, 1, 2 * 1024 * 1024);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => VideoFileDecoder.Decode(path));

        Assert.Contains($"'{path}' has frames of 30000×30000 pixels (900 megapixels); at most 16777216 pixels", e.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPixels", e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 * 1024 * 1024, "the frame was decoded");
    }

    [Fact]
    public void A_video_over_the_pixel_budget_is_refused_from_its_container()
    {
        int decoded = 0;
        var e = Assert.Throws<InvalidDataException>(
            () => VideoFileDecoder.Decode(fixture.AstronautMp4, new VideoDecodeOptions { MaxPixels = 100 * 100 }, new SynchronousProgress(_ => decoded++)));

        Assert.Contains("has frames of 512×512 pixels (0.3 megapixels); at most 10000 pixels (0 megapixels) per frame", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, decoded);
    }

    [Fact]
    public void A_clip_whose_header_declares_far_more_frames_than_allowed_is_refused_before_decoding_them()
    {
        string path = fixture.NewPath("webm");
        GstLaunch.Run($"videotestsrc num-buffers=250 ! video/x-raw,width=64,height=64,framerate=25/1 ! vp8enc deadline=1 ! webmmux ! filesink location={path}");
        var frames = new List<int>();

        var e = Assert.Throws<InvalidDataException>(
            () => VideoFileDecoder.Decode(path, new VideoDecodeOptions { MaxFrames = 50 }, new SynchronousProgress(frames.Add)));

        Assert.Contains($"'{path}' declares 10 s at 25 fps (about 250 frames); at most 50 frames are accepted (the MaxFrames setting", e.Message, StringComparison.Ordinal);
        Assert.Empty(frames);
    }

    [Fact]
    public void Exactly_the_allowed_number_of_frames_is_fine() =>
        Assert.Equal(25, VideoFileDecoder.Decode(fixture.AstronautMp4, new VideoDecodeOptions { MaxFrames = 25 }).Frames.Count);

    [Fact]
    public void A_text_file_is_not_an_image_and_the_message_names_it()
    {
        string path = fixture.NewPath("png");
        File.WriteAllText(path, "no pixels in here");

        var e = Assert.Throws<InvalidDataException>(() => VideoFileDecoder.Decode(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_PNG_is_an_error_that_names_it()
    {
        string path = fixture.NewPath("png");
        File.WriteAllBytes(path, File.ReadAllBytes(fixture.AstronautPng).AsSpan(0, 3000).ToArray());

        var e = Assert.Throws<InvalidDataException>(() => VideoFileDecoder.Decode(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_WAV_has_no_video_stream()
    {
        string path = fixture.NewPath("wav");
        WavFile.Write(path, Signals.Sine(440, 0.5, 16000), 16000, 1);

        var e = Assert.Throws<InvalidDataException>(() => VideoFileDecoder.Decode(path, new VideoDecodeOptions { DetectFaces = true }));

        Assert.Contains("no video stream", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_throws_FileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => VideoFileDecoder.Decode(fixture.NewPath("png")));

    [Fact]
    public void Options_are_validated_with_the_setting_named()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(
            () => VideoFileDecoder.Decode(fixture.AstronautPng, new VideoDecodeOptions { MaxFrames = 0 }));

        Assert.Equal("MaxFrames", e.ParamName);
    }

    [Fact]
    public void Cancellation_stops_the_decode() =>
        Assert.Throws<OperationCanceledException>(
            () => VideoFileDecoder.Decode(fixture.AstronautMp4, cancellationToken: new CancellationToken(canceled: true)));

    internal static double MeanAbsoluteDifference(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        long sum = 0, count = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (i % 4 != 3)
            {
                sum += Math.Abs(a[i] - b[i]);
                count++;
            }
        }

        return (double)sum / count;
    }

    private static bool IsAstronautFace(FaceBox face) =>
        Math.Abs(face.X - AstronautFace.X) <= 3 && Math.Abs(face.Y - AstronautFace.Y) <= 3
        && Math.Abs(face.Width - AstronautFace.Width) <= 4 && Math.Abs(face.Height - AstronautFace.Height) <= 4;

    private static void AssertIsAstronautFace(FaceBox face)
    {
        Assert.InRange(face.X, AstronautFace.X - 3, AstronautFace.X + 3);
        Assert.InRange(face.Y, AstronautFace.Y - 3, AstronautFace.Y + 3);
        Assert.InRange(face.Width, AstronautFace.Width - 4, AstronautFace.Width + 4);
        Assert.InRange(face.Height, AstronautFace.Height - 4, AstronautFace.Height + 4);
    }
}
