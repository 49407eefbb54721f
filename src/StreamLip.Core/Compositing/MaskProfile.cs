namespace StreamLip.Compositing;

/// <summary>
/// The separable feathered lower-face mask: weight(x, y) = column(x) · row(y), both in [0, 1].
/// Distances are in pixels from the outermost pixel of the box, so that pixel has weight exactly 0.
/// </summary>
internal static class MaskProfile
{
    /// <summary>Hermite smoothstep of <paramref name="t"/> clamped to [0, 1]: 0 → 0, 1 → 1, zero slope at both ends.</summary>
    public static float Smoothstep(float t)
    {
        t = Math.Clamp(t, 0f, 1f);
        return t * t * (3f - (2f * t));
    }

    /// <summary>
    /// Column weights of a box <paramref name="width"/> pixels wide, written interleaved for BGRx: four floats
    /// per pixel, the three colour slots carrying the weight and the x slot 0 (so the x byte is never changed).
    /// </summary>
    /// <returns>The first and last column whose weight is not zero, or (0, −1) when every weight is zero.</returns>
    public static (int First, int Last) Columns(int width, float edgeFeather, Span<float> weightsBgrx)
    {
        float featherPixels = FeatherPixels(width, edgeFeather);
        int first = -1;
        int last = -1;
        for (int x = 0; x < width; x++)
        {
            float w = EdgeRamp(x, featherPixels) * EdgeRamp(width - 1 - x, featherPixels);
            int o = 4 * x;
            weightsBgrx[o] = w;
            weightsBgrx[o + 1] = w;
            weightsBgrx[o + 2] = w;
            weightsBgrx[o + 3] = 0f;
            if (w > 0f)
            {
                first = first < 0 ? x : first;
                last = x;
            }
        }

        return first < 0 ? (0, -1) : (first, last);
    }

    /// <summary>
    /// Row weights of a box <paramref name="height"/> pixels tall: 0 above the lower-face start, a smoothstep up to
    /// 1 at the lower-face end (fractions of the height, at pixel centres), times the fade towards the bottom edge.
    /// </summary>
    /// <returns>The first and last row whose weight is not zero, or (0, −1) when every weight is zero.</returns>
    public static (int First, int Last) Rows(
        int height, float lowerFaceStart, float lowerFaceEnd, float edgeFeather, Span<float> weights)
    {
        float featherPixels = FeatherPixels(height, edgeFeather);
        float span = lowerFaceEnd - lowerFaceStart;
        int first = -1;
        int last = -1;
        for (int y = 0; y < height; y++)
        {
            float v = (y + 0.5f) / height;
            float w = Smoothstep((v - lowerFaceStart) / span) * EdgeRamp(height - 1 - y, featherPixels);
            weights[y] = w;
            if (w > 0f)
            {
                first = first < 0 ? y : first;
                last = y;
            }
        }

        return first < 0 ? (0, -1) : (first, last);
    }

    // 0 means "no fade"; otherwise at least one pixel, so the outermost pixel still gets weight 0.
    private static float FeatherPixels(int size, float edgeFeather) =>
        edgeFeather > 0f ? MathF.Max(1f, edgeFeather * size) : 0f;

    private static float EdgeRamp(int distance, float featherPixels) =>
        featherPixels > 0f ? Smoothstep(distance / featherPixels) : 1f;
}
