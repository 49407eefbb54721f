using StreamLip.Avatars;
using StreamLip.Compositing;

namespace StreamLip.Core.Tests.Compositing;

/// <summary>
/// The paste written the obvious way, per pixel in double precision, straight from the specification
/// (cv2 INTER_LINEAR half-pixel mapping, smoothstep mask, round half up); the fast path must match it to 1 LSB.
/// </summary>
internal static class ReferencePaste
{
    public static void Paste(
        float[] crop, int size, FaceBox box, byte[] frame, int width, int height, int stride, FeatherMask mask)
    {
        for (int by = 0; by < box.Height; by++)
        {
            int fy = box.Y + by;
            if (fy < 0 || fy >= height)
            {
                continue;
            }

            for (int bx = 0; bx < box.Width; bx++)
            {
                int fx = box.X + bx;
                if (fx < 0 || fx >= width)
                {
                    continue;
                }

                double w = Weight(bx, by, box.Width, box.Height, mask);
                if (w == 0)
                {
                    continue;
                }

                for (int c = 0; c < 3; c++)
                {
                    double s = 255.0 * Sample(crop, size, c, bx, by, box.Width, box.Height);
                    int o = (fy * stride) + (4 * fx) + c;
                    double v = frame[o] + (w * (s - frame[o]));
                    frame[o] = (byte)Math.Floor(Math.Clamp(v, 0, 255) + 0.5);
                }
            }
        }
    }

    public static double Weight(int bx, int by, int boxWidth, int boxHeight, FeatherMask mask)
    {
        double v = (by + 0.5) / boxHeight;
        double lower = Smoothstep((v - mask.LowerFaceStart) / (mask.LowerFaceEnd - mask.LowerFaceStart));
        return lower
            * Edge(bx, boxWidth, mask.EdgeFeather)
            * Edge(boxWidth - 1 - bx, boxWidth, mask.EdgeFeather)
            * Edge(boxHeight - 1 - by, boxHeight, mask.EdgeFeather);
    }

    private static double Edge(int distance, int size, double feather) =>
        feather == 0 ? 1 : Smoothstep(distance / Math.Max(1, feather * size));

    private static double Smoothstep(double t)
    {
        t = Math.Clamp(t, 0, 1);
        return t * t * (3 - (2 * t));
    }

    private static double Sample(float[] crop, int size, int channel, int bx, int by, int boxWidth, int boxHeight)
    {
        (int x0, int x1, double ax) = Tap(bx, size, boxWidth);
        (int y0, int y1, double ay) = Tap(by, size, boxHeight);
        int plane = channel * size * size;
        double top = crop[plane + (y0 * size) + x0] + (ax * (crop[plane + (y0 * size) + x1] - crop[plane + (y0 * size) + x0]));
        double bottom = crop[plane + (y1 * size) + x0] + (ax * (crop[plane + (y1 * size) + x1] - crop[plane + (y1 * size) + x0]));
        return top + (ay * (bottom - top));
    }

    private static (int I0, int I1, double Fraction) Tap(int i, int source, int destination)
    {
        double p = ((i + 0.5) * source / destination) - 0.5;
        if (p <= 0)
        {
            return (0, 0, 0);
        }

        if (p >= source - 1)
        {
            return (source - 1, source - 1, 0);
        }

        int i0 = (int)Math.Floor(p);
        return (i0, i0 + 1, p - i0);
    }
}
