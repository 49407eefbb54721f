using StreamLip.Avatars;
using StreamLip.Media.Video;

namespace StreamLip.Cli.Tests.Infrastructure;

/// <summary>Reads a rendered video back with GStreamer and compares regions of its frames with the avatar's.</summary>
internal static class VideoFrames
{
    /// <summary>Every frame of <paramref name="path"/> as BGRx.</summary>
    public static List<byte[]> ReadAll(string path, out double fps, out int width, out int height)
    {
        using var reader = VideoFrameReader.Open(path);
        fps = reader.Fps;
        width = reader.Width;
        height = reader.Height;
        var frames = new List<byte[]>();
        while (true)
        {
            byte[] frame = new byte[reader.FrameSizeBytes];
            if (!reader.TryReadFrame(frame, out _))
            {
                return frames;
            }

            frames.Add(frame);
        }
    }

    /// <summary>The part of <paramref name="box"/> between the given fractions of its width and height (at least 1 pixel).</summary>
    public static (int X0, int X1, int Y0, int Y1) Region(FaceBox box, double x0, double x1, double y0, double y1) =>
        (box.X + (int)(x0 * box.Width), Math.Max(box.X + (int)(x0 * box.Width) + 1, box.X + (int)(x1 * box.Width)),
         box.Y + (int)(y0 * box.Height), Math.Max(box.Y + (int)(y0 * box.Height) + 1, box.Y + (int)(y1 * box.Height)));

    /// <summary>Mean |a − b| over the B, G and R of the region's pixels, in levels (0..255).</summary>
    public static double MeanAbsDiff(byte[] a, ReadOnlySpan<byte> b, int width, (int X0, int X1, int Y0, int Y1) r)
    {
        long sum = 0, n = 0;
        for (int y = r.Y0; y < r.Y1; y++)
        {
            for (int x = r.X0; x < r.X1; x++)
            {
                int p = ((y * width) + x) * 4;
                sum += Math.Abs(a[p] - b[p]) + Math.Abs(a[p + 1] - b[p + 1]) + Math.Abs(a[p + 2] - b[p + 2]);
                n += 3;
            }
        }

        return sum / (double)n;
    }
}
