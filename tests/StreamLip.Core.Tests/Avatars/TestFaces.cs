using System.Numerics;

namespace StreamLip.Core.Tests.Avatars;

/// <summary>A synthetic 68-point iBUG layout: what the framing rule reads (eyes 36-47, mouth 48-67) at known places.</summary>
internal static class TestFaces
{
    /// <summary>An upright face with its eyes' midpoint at <paramref name="eyes"/> and its mouth <paramref name="eyesToMouth"/> px below.</summary>
    public static Vector2[] UprightLandmarks(Vector2 eyes, float eyesToMouth)
    {
        var points = new Vector2[68];
        for (var i = 0; i < 68; i++)
        {
            points[i] = i switch
            {
                >= 36 and <= 41 => eyes + new Vector2(-eyesToMouth / 2, 0),
                >= 42 and <= 47 => eyes + new Vector2(eyesToMouth / 2, 0),
                >= 48 => eyes + new Vector2(0, eyesToMouth),
                _ => eyes + new Vector2(0, eyesToMouth / 2),
            };
        }

        return points;
    }
}
