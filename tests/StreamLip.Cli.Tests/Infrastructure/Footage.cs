using StreamLip.Media.Muxing;
using StreamLip.Media.Video;

namespace StreamLip.Cli.Tests.Infrastructure;

/// <summary>
/// Test footage of a real face: the astronaut photo (512×512) drifting a few pixels per frame, as a head moves in a
/// video, written as H.264 MP4 at 25 fps. In the frames chosen as faceless a flat grey patch covers the face (a hand
/// in front of it, a cut-away), so no detector can find it there.
/// </summary>
internal static class Footage
{
    public const int Size = 512;

    /// <summary>Horizontal drift of frame <paramref name="k"/> in pixels.</summary>
    public static int DriftX(int k) => (int)Math.Round(8 * Math.Sin(2 * Math.PI * k / 50));

    /// <summary>Vertical drift of frame <paramref name="k"/> in pixels.</summary>
    public static int DriftY(int k) => (int)Math.Round(4 * Math.Sin(2 * Math.PI * k / 37));

    public static string Write(string path, int frames, Func<int, bool> faceless)
    {
        byte[] photo = VideoFileDecoder.Decode(Repo.Astronaut).Frames[0].Bgrx;
        using var writer = new Mp4Writer(path, new Mp4WriterOptions { Width = Size, Height = Size, AudioChannels = 0, Crf = 18 });
        byte[] frame = new byte[Size * Size * 4];
        for (int k = 0; k < frames; k++)
        {
            Shift(photo, frame, DriftX(k), DriftY(k));
            if (faceless(k))
            {
                // The face of the photo is about x 175-272, y 64-178; cover it with margin, moved with the drift.
                Cover(frame, 140 + DriftX(k), 30 + DriftY(k), 170, 190);
            }

            writer.WriteVideoFrame(frame);
        }

        writer.Complete();
        return path;
    }

    private static void Shift(byte[] source, byte[] destination, int dx, int dy)
    {
        for (int y = 0; y < Size; y++)
        {
            int sy = Math.Clamp(y - dy, 0, Size - 1);
            for (int x = 0; x < Size; x++)
            {
                int sx = Math.Clamp(x - dx, 0, Size - 1);
                Buffer.BlockCopy(source, ((sy * Size) + sx) * 4, destination, ((y * Size) + x) * 4, 4);
            }
        }
    }

    private static void Cover(byte[] frame, int x0, int y0, int width, int height)
    {
        for (int y = Math.Max(0, y0); y < Math.Min(Size, y0 + height); y++)
        {
            frame.AsSpan(((y * Size) + Math.Max(0, x0)) * 4, (Math.Min(Size, x0 + width) - Math.Max(0, x0)) * 4).Fill(128);
        }
    }
}
