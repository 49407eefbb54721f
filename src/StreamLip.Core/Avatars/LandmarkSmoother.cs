using System.Numerics;

namespace StreamLip.Avatars;

/// <summary>
/// Landmarks averaged over a centred window of T frames (T = 5: two before, two after), shrinking symmetrically at the
/// ends of a segment. A centred mean follows steady head motion exactly, so the smoothed face neither lags nor leads
/// (Wav2Lip's box window, frames i..i+T−1, leads by two frames).
/// </summary>
internal static class LandmarkSmoother
{
    /// <summary>Smoothed landmarks of frames [start, end) of <paramref name="faces"/>, written to <paramref name="destination"/> at the same indices.</summary>
    public static void Smooth(FaceObservation[] faces, int start, int end, int window, Vector2[][] destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        int half = (window - 1) / 2;
        for (int k = start; k < end; k++)
        {
            int h = Math.Min(half, Math.Min(k - start, end - 1 - k));
            var points = new Vector2[faces[k].Landmarks!.Length];
            for (int j = k - h; j <= k + h; j++)
            {
                var source = faces[j].Landmarks!;
                for (int p = 0; p < points.Length; p++)
                {
                    points[p] += source[p];
                }
            }

            int n = (2 * h) + 1;
            for (int p = 0; p < points.Length; p++)
            {
                points[p] /= n;
            }

            destination[k] = points;
        }
    }
}
