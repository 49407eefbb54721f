using System.Numerics;

namespace StreamLip.Avatars;

/// <summary>The speaker's face in one source frame: its box and, when a landmark model ran, its 68 landmarks.</summary>
/// <param name="Box">The face box in frame pixels (from the landmarks when there are some, else the detector's).</param>
/// <param name="Landmarks">68 iBUG points in frame pixels, or null.</param>
internal readonly record struct FaceObservation(FaceBox Box, Vector2[]? Landmarks)
{
    /// <summary>The observation a fraction <paramref name="t"/> of the way from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public static FaceObservation Lerp(FaceObservation a, FaceObservation b, double t)
    {
        var box = new FaceBox(
            (int)Math.Round(a.Box.X + ((b.Box.X - a.Box.X) * t)),
            (int)Math.Round(a.Box.Y + ((b.Box.Y - a.Box.Y) * t)),
            (int)Math.Round(a.Box.Width + ((b.Box.Width - a.Box.Width) * t)),
            (int)Math.Round(a.Box.Height + ((b.Box.Height - a.Box.Height) * t)));
        if (a.Landmarks is null || b.Landmarks is null)
        {
            return new FaceObservation(box, null);
        }

        var points = new Vector2[a.Landmarks.Length];
        for (int i = 0; i < points.Length; i++)
        {
            points[i] = Vector2.Lerp(a.Landmarks[i], b.Landmarks[i], (float)t);
        }

        return new FaceObservation(box, points);
    }
}
