using System.Numerics;

namespace StreamLip.Avatars;

/// <summary>
/// The face box StreamLip derives from 68 iBUG landmarks, framed like the detector box the built-in model was trained
/// on (OpenCV's frontal Haar cascade): a square of side 2.35 × d centred a quarter of the way from the eyes' midpoint
/// to the mouth's centre, d the distance between those two points. Calibrated on the two face photos Debian ships
/// (astronaut: cascade 97 px, rule 100 px; Grace Hopper: 216 px, 209 px). The rule is rotation- and scale-covariant,
/// so a tilted or distant face gets the box an upright face of the same size would; unlike a detector box it does
/// not jump when the detector's filter changes between frames.
/// </summary>
public static class FaceFraming
{
    /// <summary>Points of the iBUG 68-point layout.</summary>
    public const int LandmarkCount = 68;

    /// <summary>Box side over the eyes-to-mouth distance.</summary>
    public const double SizeOverEyesToMouth = 2.35;

    /// <summary>Where the box centre lies on the line from the eyes' midpoint (0) to the mouth's centre (1).</summary>
    public const double CentreAlongEyesToMouth = 0.25;

    /// <summary>The box of a face from its 68 landmarks (iBUG order: 36–41 and 42–47 the eyes, 48–67 the mouth).</summary>
    /// <exception cref="ArgumentException">Not 68 points.</exception>
    public static FaceBox FromLandmarks(ReadOnlySpan<Vector2> points)
    {
        if (points.Length != LandmarkCount)
        {
            throw new ArgumentException($"A face box is framed from {LandmarkCount} iBUG landmarks, not {points.Length}.", nameof(points));
        }

        var eyes = (Mean(points[36..42]) + Mean(points[42..48])) / 2;
        var mouth = Mean(points[48..68]);
        var d = Vector2.Distance(eyes, mouth);
        var centre = eyes + ((mouth - eyes) * (float)CentreAlongEyesToMouth);
        var side = SizeOverEyesToMouth * d;
        var left = (int)Math.Round(centre.X - (side / 2));
        var top = (int)Math.Round(centre.Y - (side / 2));
        var size = Math.Max(1, (int)Math.Round(side));
        return new FaceBox(left, top, size, size);
    }

    private static Vector2 Mean(ReadOnlySpan<Vector2> points)
    {
        var sum = Vector2.Zero;
        foreach (var p in points)
        {
            sum += p;
        }

        return sum / points.Length;
    }
}
