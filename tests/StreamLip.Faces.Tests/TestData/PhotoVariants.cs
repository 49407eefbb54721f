namespace StreamLip.Faces.Tests.TestData;

/// <summary>
/// Transformed copies of a photo, same canvas size: rotations (±15°, ±30°), scales (0.6, 1.3), brightness (×0.5,
/// ×1.5), a mirror, and a combination. Bilinear resampling; pixels from outside the photo are mid grey.
/// </summary>
internal static class PhotoVariants
{
    public static IReadOnlyList<TestPhoto> Of(TestPhoto photo) =>
    [
        photo,
        Warp(photo, "rotated +15°", new PhotoTransform(15, 1, false, photo.Width, photo.Height)),
        Warp(photo, "rotated −15°", new PhotoTransform(-15, 1, false, photo.Width, photo.Height)),
        Warp(photo, "rotated +30°", new PhotoTransform(30, 1, false, photo.Width, photo.Height)),
        Warp(photo, "rotated −30°", new PhotoTransform(-30, 1, false, photo.Width, photo.Height)),
        Warp(photo, "scaled 0.6", new PhotoTransform(0, 0.6, false, photo.Width, photo.Height)),
        Warp(photo, "scaled 1.3", new PhotoTransform(0, 1.3, false, photo.Width, photo.Height)),
        Warp(photo, "mirrored", new PhotoTransform(0, 1, true, photo.Width, photo.Height)),
        Brightness(photo, "darker ×0.5", 0.5),
        Brightness(photo, "brighter ×1.5", 1.5),
        Brightness(Warp(photo, "mirrored, rotated +20°, scaled 0.8", new PhotoTransform(20, 0.8, true, photo.Width, photo.Height)), "mirrored, rotated +20°, scaled 0.8, darker ×0.7", 0.7),
    ];

    public static TestPhoto Warp(TestPhoto photo, string what, PhotoTransform transform)
    {
        int w = photo.Width, h = photo.Height;
        byte[] output = new byte[photo.Bgrx.Length];
        byte[] src = photo.Bgrx;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                (double sx, double sy) = transform.Invert(x, y);
                int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
                double fx = sx - x0, fy = sy - y0;
                int o = ((y * w) + x) * 4;
                for (int ch = 0; ch < 3; ch++)
                {
                    double v = ((1 - fx) * (1 - fy) * Sample(src, w, h, x0, y0, ch)) + (fx * (1 - fy) * Sample(src, w, h, x0 + 1, y0, ch))
                        + ((1 - fx) * fy * Sample(src, w, h, x0, y0 + 1, ch)) + (fx * fy * Sample(src, w, h, x0 + 1, y0 + 1, ch));
                    output[o + ch] = (byte)Math.Clamp(Math.Round(v), 0, 255);
                }

                output[o + 3] = 255;
            }
        }

        return new TestPhoto($"{photo.Name} {what}", output, w, h, transform);
    }

    public static TestPhoto Brightness(TestPhoto photo, string what, double gain)
    {
        byte[] output = (byte[])photo.Bgrx.Clone();
        for (int i = 0; i < output.Length; i++)
        {
            if (i % 4 != 3)
            {
                output[i] = (byte)Math.Clamp(Math.Round(output[i] * gain), 0, 255);
            }
        }

        string name = photo.Transform == PhotoTransform.Identity(photo.Width, photo.Height) ? $"{photo.Name} {what}" : $"{photo.Name.Split(' ')[0]} {what}";
        return photo with { Name = name, Bgrx = output };
    }

    private static int Sample(byte[] src, int w, int h, int x, int y, int ch) =>
        x < 0 || y < 0 || x >= w || y >= h ? 128 : src[(((y * w) + x) * 4) + ch];
}
