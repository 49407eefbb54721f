namespace StreamLip.Avatars;

/// <summary>
/// The subtle "breathing" that turns a still into a loop: frame k of N is the still scaled by 1 + s·c and
/// lifted by d·H·c about the bottom centre, c = (1 − cos(π·k/(N−1)))/2. Played forwards then backwards,
/// the motion is smooth at both turns (its speed is zero there).
/// </summary>
internal static class IdleMotion
{
    /// <summary>The motion phase of still frame <paramref name="k"/> of <paramref name="count"/>, in [0, 1].</summary>
    public static double Phase(int k, int count) => count <= 1 ? 0 : (1 - Math.Cos(Math.PI * k / (count - 1))) / 2;

    /// <summary>Renders still frame <paramref name="k"/> into <paramref name="destination"/> (same size, BGRx).</summary>
    public static void Render(ReadOnlySpan<byte> still, Span<byte> destination, int width, int height, int k, int count, AvatarBuildOptions options)
    {
        var (scale, dy, cx, cy) = Transform(width, height, k, count, options);
        int stride = width * 4;
        for (int y = 0; y < height; y++)
        {
            double sy = ((y - cy - dy) / scale) + cy;
            var row = destination.Slice(y * stride, stride);
            for (int x = 0; x < width; x++)
            {
                double sx = ((x - cx) / scale) + cx;
                double b = 0, g = 0, r = 0;
                FaceCropper.Bilinear(still, width, height, stride, sx, sy, ref b, ref g, ref r);
                row[x * 4] = (byte)(b + 0.5);
                row[(x * 4) + 1] = (byte)(g + 0.5);
                row[(x * 4) + 2] = (byte)(r + 0.5);
                row[(x * 4) + 3] = 255;
            }
        }
    }

    /// <summary>Where a box of the still lands in still frame <paramref name="k"/>.</summary>
    public static FaceBox MapBox(FaceBox box, int width, int height, int k, int count, AvatarBuildOptions options)
    {
        var (scale, dy, cx, cy) = Transform(width, height, k, count, options);
        double x1 = cx + ((box.X - cx) * scale);
        double y1 = cy + ((box.Y - cy) * scale) + dy;
        double x2 = cx + ((box.Right - cx) * scale);
        double y2 = cy + ((box.Bottom - cy) * scale) + dy;
        int left = (int)Math.Round(x1);
        int top = (int)Math.Round(y1);
        return new FaceBox(left, top, (int)Math.Round(x2) - left, (int)Math.Round(y2) - top);
    }

    /// <summary>Where a point of the still lands in still frame <paramref name="k"/>.</summary>
    public static System.Numerics.Vector2 MapPoint(System.Numerics.Vector2 point, int width, int height, int k, int count, AvatarBuildOptions options)
    {
        var (scale, dy, cx, cy) = Transform(width, height, k, count, options);
        return new System.Numerics.Vector2((float)(cx + ((point.X - cx) * scale)), (float)(cy + ((point.Y - cy) * scale) + dy));
    }

    private static (double Scale, double Dy, double Cx, double Cy) Transform(int width, int height, int k, int count, AvatarBuildOptions options)
    {
        double c = Phase(k, count);
        // Scale about the bottom centre and lift: the head rises a pixel or two, as in a breath.
        return (1 + (options.IdleScale * c), -options.IdleDrift * height * c, width / 2.0, height);
    }
}
