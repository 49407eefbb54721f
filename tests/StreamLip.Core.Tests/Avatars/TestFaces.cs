using System.Numerics;

namespace StreamLip.Core.Tests.Avatars;

/// <summary>A synthetic 68-point iBUG layout: what the framing rule reads (eyes 36-47, mouth 48-67) at known places.</summary>
internal static class TestFaces
{
    /// <summary>dlib's 68 landmarks of the astronaut photo (512 × 512, Debian's scikit-image data), rounded to pixels.</summary>
    public static readonly Vector2[] Astronaut =
    [
        new(179, 104), new(179, 116), new(180, 127), new(181, 139), new(185, 151), new(191, 160), new(200, 169), new(209, 176),
        new(221, 178), new(232, 177), new(243, 171), new(253, 164), new(260, 154), new(265, 144), new(268, 132), new(270, 120),
        new(272, 108), new(186, 94), new(192, 88), new(200, 87), new(208, 89), new(216, 92), new(236, 93), new(244, 91),
        new(252, 91), new(260, 92), new(265, 98), new(225, 103), new(225, 111), new(225, 119), new(225, 127), new(214, 131),
        new(219, 132), new(224, 134), new(229, 133), new(234, 132), new(195, 101), new(200, 98), new(207, 98), new(212, 104),
        new(206, 104), new(199, 104), new(238, 105), new(244, 101), new(250, 101), new(255, 104), new(250, 107), new(244, 106),
        new(201, 140), new(209, 139), new(218, 139), new(223, 141), new(229, 140), new(237, 140), new(245, 141), new(237, 151),
        new(229, 155), new(222, 156), new(216, 155), new(208, 150), new(204, 141), new(217, 143), new(223, 144), new(229, 143),
        new(243, 142), new(229, 150), new(223, 150), new(217, 150),
    ];

    /// <summary>An upright face with its eyes' midpoint at <paramref name="eyes"/> and its mouth <paramref name="eyesToMouth"/> px below.</summary>
    public static Vector2[] UprightLandmarks(Vector2 eyes, float eyesToMouth)
    {
        var points = new Vector2[68];
        for (int i = 0; i < 68; i++)
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
