using StreamLip.Compositing;

namespace StreamLip.Core.Tests.Compositing;

/// <summary>Seeded frames and crops for the compositing tests.</summary>
internal static class TestImages
{
    /// <summary>A BGRx frame of random colour bytes (x = 255); padding bytes past 4·width in a row are 0xA5.</summary>
    public static byte[] RandomFrame(int width, int height, int stride, int seed)
    {
        var random = new Random(seed);
        byte[] frame = new byte[stride * height];
        frame.AsSpan().Fill(0xA5);
        for (int y = 0; y < height; y++)
        {
            Span<byte> row = frame.AsSpan(y * stride, 4 * width);
            random.NextBytes(row);
            for (int x = 3; x < row.Length; x += 4)
            {
                row[x] = 255;
            }
        }

        return frame;
    }

    /// <summary>A BGRx frame of one colour (x = 255).</summary>
    public static byte[] UniformFrame(int width, int height, byte b, byte g, byte r)
    {
        byte[] frame = new byte[4 * width * height];
        for (int i = 0; i < frame.Length; i += 4)
        {
            frame[i] = b;
            frame[i + 1] = g;
            frame[i + 2] = r;
            frame[i + 3] = 255;
        }

        return frame;
    }

    /// <summary>A [3, S, S] crop of random values in [0, 1].</summary>
    public static float[] RandomCrop(int size, int seed)
    {
        var random = new Random(seed);
        float[] crop = new float[3 * size * size];
        for (int i = 0; i < crop.Length; i++)
        {
            crop[i] = random.NextSingle();
        }

        return crop;
    }

    /// <summary>A [3, S, S] crop of one colour, components in [0, 1].</summary>
    public static float[] UniformCrop(int size, float b, float g, float r)
    {
        float[] crop = new float[3 * size * size];
        int plane = size * size;
        crop.AsSpan(0, plane).Fill(b);
        crop.AsSpan(plane, plane).Fill(g);
        crop.AsSpan(2 * plane, plane).Fill(r);
        return crop;
    }
}
