using StreamLip.Media.Faces;
using StreamLip.Media.Pipelines;
using StreamLip.Media.Video;

namespace StreamLip.Media.Tests.Faces;

[Collection(GStreamerCollection.Name)]
public sealed class FaceDetectElementTests(GStreamerFixture fixture)
{
    [Fact]
    public void Building_facedetect_plainly_logs_the_missing_optional_cascades()
    {
        // The control for the next test: Debian's opencv-data lacks the nose, mouth and eye-pair cascades.
        using var capture = new GstErrorLogCapture("facedetect");

        using (GstPipeline.Parse("videotestsrc ! videoconvert ! facedetect ! fakesink"))
        {
        }

        Assert.True(GstErrorLogCapture.Errors >= 3, $"expected the three cascade errors, saw {GstErrorLogCapture.Errors}");
    }

    [Fact]
    public void Detecting_faces_logs_no_errors()
    {
        using var capture = new GstErrorLogCapture("facedetect");

        DecodedVideo video = VideoFileDecoder.Decode(fixture.AstronautPng, new VideoDecodeOptions { DetectFaces = true });

        Assert.Single(video.Frames[0].Faces!);
        Assert.Equal(0, GstErrorLogCapture.Errors);
    }

    [Fact]
    public void The_silencer_restores_the_category_threshold()
    {
        using var capture = new GstErrorLogCapture("facedetect");
        using (FaceDetectElement.ParsePipeline("videotestsrc ! videoconvert ! " + FaceDetectElement.Fragment(60) + " ! fakesink"))
        {
        }

        // After the scope the category logs again: a plain construction is seen.
        using (GstPipeline.Parse("videotestsrc ! videoconvert ! facedetect ! fakesink"))
        {
        }

        Assert.True(GstErrorLogCapture.Errors >= 3, $"saw {GstErrorLogCapture.Errors}");
    }

    [Fact]
    public void The_fragment_turns_drawing_off_and_reports_every_frame()
    {
        string fragment = FaceDetectElement.Fragment(72);

        Assert.Contains("display=false", fragment, StringComparison.Ordinal);
        Assert.Contains("updates=every_frame", fragment, StringComparison.Ordinal);
        Assert.Contains("min-size-width=72 min-size-height=72", fragment, StringComparison.Ordinal);
    }
}
