using System.Numerics;
using StreamLip.Avatars;

namespace StreamLip.Core.Tests.Avatars;

public sealed class FaceFramingTests
{
    [Fact]
    public void The_haar_box_is_2_35_eyes_to_mouth_wide_centred_a_quarter_of_the_way_down()
    {
        var box = FaceFraming.Haar.FromLandmarks(TestFaces.UprightLandmarks(new Vector2(100, 80), 40));

        // Side 94, centre (100, 90).
        Assert.Equal(new FaceBox(53, 43, 94, 94), box);
    }

    [Fact]
    public void A_tilted_face_gets_the_haar_box_of_the_same_face_upright()
    {
        var upright = TestFaces.UprightLandmarks(new Vector2(100, 80), 40);
        var rotation = Matrix3x2.CreateRotation(30 * MathF.PI / 180, new Vector2(100, 90));
        var tilted = FaceFraming.Haar.FromLandmarks([.. upright.Select(p => Vector2.Transform(p, rotation))]);

        Assert.Equal(FaceFraming.Haar.FromLandmarks(upright), tilted);
    }

    [Fact]
    public void The_wav2lip_box_runs_jaw_to_jaw_and_from_the_chin_up_to_as_far_above_the_nose_bridge()
    {
        var points = WithJaw();

        // x 70..130; chin at 130, nose bridge (29) at 100: top 100 − 30 = 70.
        Assert.Equal(new FaceBox(70, 70, 60, 60), FaceFraming.Wav2Lip.FromLandmarks(points));
    }

    [Fact]
    public void The_astronaut_is_framed_forehead_to_chin_for_wav2lip_and_square_for_haar()
    {
        // Her Haar cascade box is 97 px from (175, 64).
        Assert.Equal(new FaceBox(179, 60, 93, 118), FaceFraming.Wav2Lip.FromLandmarks(TestFaces.Astronaut));
        Assert.Equal(new FaceBox(174, 63, 101, 101), FaceFraming.Haar.FromLandmarks(TestFaces.Astronaut));
    }

    [Fact]
    public void A_tilted_face_gets_the_axis_aligned_wav2lip_box_of_its_tilted_points_as_a_detector_would()
    {
        var rotation = Matrix3x2.CreateRotation(20 * MathF.PI / 180, new Vector2(225, 120));
        var tilted = FaceFraming.Wav2Lip.FromLandmarks([.. TestFaces.Astronaut.Select(p => Vector2.Transform(p, rotation))]);

        // Upright 93 px wide; tilted 20° the jaw line spans a little more of x.
        Assert.InRange(tilted.Width, 94, 110);
    }

    [Fact]
    public void Only_68_points_are_framed()
    {
        foreach (var framing in FaceFraming.All)
        {
            var e = Assert.Throws<ArgumentException>(() => framing.FromLandmarks(new Vector2[5]));
            Assert.Contains("68 iBUG landmarks, not 5", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("haar", "haar")]
    [InlineData("Wav2Lip", "wav2lip")]
    [InlineData(" wav2lip ", "wav2lip")]
    public void Framings_are_named(string text, string expected) => Assert.Equal(expected, FaceFraming.Parse(text).Name);

    [Fact]
    public void An_unknown_framing_is_refused_with_the_known_ones_listed()
    {
        var e = Assert.Throws<ArgumentException>(() => FaceFraming.Parse("s3fd"));
        Assert.Contains("'s3fd' is not a face framing StreamLip knows (haar, wav2lip)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_declares_its_framing_in_its_metadata()
    {
        Assert.Same(FaceFraming.Wav2Lip, FaceFraming.ForModel(new Dictionary<string, string> { ["face_framing"] = "wav2lip" }));
        Assert.Same(FaceFraming.Haar, FaceFraming.ForModel(new Dictionary<string, string> { ["face_framing"] = "haar", ["framing"] = "wav2lip: ..." }));
        // Exports from before the key: their framing description names Wav2Lip's.
        Assert.Same(FaceFraming.Wav2Lip, FaceFraming.ForModel(new Dictionary<string, string> { ["framing"] = "wav2lip: face-detector box padded top 0, bottom 10" }));
        // A model that declares nothing gets the built-in model's.
        Assert.Same(FaceFraming.Haar, FaceFraming.ForModel(new Dictionary<string, string>()));

        var e = Assert.Throws<ArgumentException>(() => FaceFraming.ForModel(new Dictionary<string, string> { ["face_framing"] = "tight" }));
        Assert.Contains("The model's metadata face_framing='tight'", e.Message, StringComparison.Ordinal);
    }

    private static Vector2[] WithJaw()
    {
        var points = TestFaces.UprightLandmarks(new Vector2(100, 90), 30);
        points[0] = new Vector2(70, 90);
        points[16] = new Vector2(130, 90);
        points[8] = new Vector2(100, 130);
        points[29] = new Vector2(100, 100);
        return points;
    }
}
