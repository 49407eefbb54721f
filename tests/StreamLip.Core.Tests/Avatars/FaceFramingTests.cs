using System.Numerics;
using StreamLip.Avatars;

namespace StreamLip.Core.Tests.Avatars;

public sealed class FaceFramingTests
{
    [Fact]
    public void The_box_is_2_35_eyes_to_mouth_wide_centred_a_quarter_of_the_way_down()
    {
        var box = FaceFraming.FromLandmarks(TestFaces.UprightLandmarks(new Vector2(100, 80), 40));

        // Side 94, centre (100, 90).
        Assert.Equal(new FaceBox(53, 43, 94, 94), box);
    }

    [Fact]
    public void A_tilted_face_gets_the_box_of_the_same_face_upright()
    {
        var upright = TestFaces.UprightLandmarks(new Vector2(100, 80), 40);
        var centre = new Vector2(100, 90);
        var rotation = Matrix3x2.CreateRotation(30 * MathF.PI / 180, centre);
        var tilted = FaceFraming.FromLandmarks([.. upright.Select(p => Vector2.Transform(p, rotation))]);

        Assert.Equal(FaceFraming.FromLandmarks(upright), tilted);
    }

    [Fact]
    public void Only_68_points_are_framed()
    {
        var e = Assert.Throws<ArgumentException>(() => FaceFraming.FromLandmarks(new Vector2[5]));
        Assert.Contains("68 iBUG landmarks, not 5", e.Message, StringComparison.Ordinal);
    }
}
