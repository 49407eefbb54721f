namespace StreamLip.Compositing;

/// <summary>
/// Two-tap linear interpolation tables for one axis, with half-pixel centres and edge clamping exactly as
/// OpenCV's <c>cv2.resize(..., INTER_LINEAR)</c> computes them for float images.
/// </summary>
internal static class LinearTaps
{
    /// <summary>
    /// Fills, for every destination index <c>i</c>, the first source index and the weight of the second tap:
    /// <c>value(i) = src[index[i]] + fraction[i] · (src[min(index[i] + 1, sourceSize − 1)] − src[index[i]])</c>.
    /// </summary>
    /// <param name="sourceSize">Source length in pixels (≥ 1).</param>
    /// <param name="destinationSize">Destination length in pixels (≥ 1).</param>
    /// <param name="index">Receives <paramref name="destinationSize"/> source indices.</param>
    /// <param name="fraction">Receives <paramref name="destinationSize"/> weights in [0, 1).</param>
    public static void Compute(int sourceSize, int destinationSize, Span<int> index, Span<float> fraction)
    {
        double scale = (double)sourceSize / destinationSize;
        int last = sourceSize - 1;
        index = index[..destinationSize];
        fraction = fraction[..destinationSize];
        for (int i = 0; i < index.Length; i++)
        {
            // Centre of destination pixel i mapped into source pixel coordinates (cv2: (i + 0.5)·scale − 0.5).
            float position = (float)(((i + 0.5) * scale) - 0.5);
            int i0 = (int)MathF.Floor(position);
            float f = position - i0;
            if (i0 < 0)
            {
                i0 = 0;
                f = 0f;
            }

            if (i0 >= last)
            {
                i0 = last;
                f = 0f;
            }

            index[i] = i0;
            fraction[i] = f;
        }
    }
}
