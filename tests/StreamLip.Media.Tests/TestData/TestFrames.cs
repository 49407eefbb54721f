namespace StreamLip.Media.Tests.TestData;

/// <summary>BGRx test pictures: synthetic ones with every hard case of a colour conversion, and the built avatar's.</summary>
internal static class TestFrames
{
    /// <summary>The built-in avatar's frames (50 × 512 × 512 BGRx), made by <c>./streamlip setup</c>.</summary>
    public const int AvatarSide = 512;

    /// <summary>
    /// Top third: the eight full-intensity bars (white, yellow, cyan, green, magenta, red, blue, black: the corners of
    /// the RGB cube, where the limited-range sums are largest and smallest), each an odd number of pixels wide so
    /// their edges split 2 × 2 blocks. Middle third: R, G, B ramps across, one per row modulo 3. Bottom: random
    /// noise (seeded). The x byte is random everywhere: it must not matter.
    /// </summary>
    public static byte[] Synthetic(int width, int height, int stride, int seed = 1)
    {
        var random = new Random(seed);
        byte[] frame = new byte[((height - 1) * stride) + (width * 4)];
        random.NextBytes(frame);
        (byte B, byte G, byte R)[] bars =
            [(255, 255, 255), (0, 255, 255), (255, 255, 0), (0, 255, 0), (255, 0, 255), (0, 0, 255), (255, 0, 0), (0, 0, 0)];
        int barWidth = (Math.Max(1, width / bars.Length) / 2 * 2) + 1;
        for (int y = 0; y < height * 2 / 3; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int o = (y * stride) + (4 * x);
                if (y < height / 3)
                {
                    (frame[o], frame[o + 1], frame[o + 2]) = bars[Math.Min(x / barWidth, bars.Length - 1)];
                }
                else
                {
                    byte level = (byte)(255 * x / Math.Max(1, width - 1));
                    frame[o] = y % 3 == 2 ? level : (byte)0;
                    frame[o + 1] = y % 3 == 1 ? level : (byte)0;
                    frame[o + 2] = y % 3 == 0 ? level : (byte)0;
                }
            }
        }

        return frame;
    }

    /// <summary>The eight bars of <see cref="Synthetic"/> at 75 % (191: no channel at a limit, where clipping could
    /// hide a wrong matrix), each <c>width / 8</c> pixels wide, top to bottom; the x byte 255.</summary>
    public static (byte B, byte G, byte R)[] Bars75 { get; } =
        [(191, 191, 191), (0, 191, 191), (191, 191, 0), (0, 191, 0), (191, 0, 191), (0, 0, 191), (191, 0, 0), (0, 0, 0)];

    /// <summary>A packed BGRx frame of <see cref="Bars75"/>.</summary>
    public static byte[] Bars(int width, int height)
    {
        byte[] frame = new byte[width * height * 4];
        for (int i = 0; i < frame.Length; i += 4)
        {
            (frame[i], frame[i + 1], frame[i + 2]) = Bars75[(i / 4 % width) * Bars75.Length / width];
            frame[i + 3] = 255;
        }

        return frame;
    }

    /// <summary>The avatar's frames file; fails the test (never skips it) when setup has not built it.</summary>
    public static string AvatarFramesPath()
    {
        string path = Path.Combine(StreamLipHome.DefaultAvatar, "frames.bgrx");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The built-in avatar's frames are missing at {path}: run `./streamlip setup`.");
    }
}
