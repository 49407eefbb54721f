using StreamLip.Avatars;

namespace StreamLip.Core.Tests.Avatars;

/// <summary>Synthetic BGRx frames for avatar tests: a gradient background with a flat "face" square.</summary>
internal static class TestFrames
{
    public static byte[] Gradient(int width, int height, int seed = 0)
    {
        byte[] data = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int p = ((y * width) + x) * 4;
                data[p] = (byte)((x + seed) & 0xFF);
                data[p + 1] = (byte)(y & 0xFF);
                data[p + 2] = (byte)((x + y) / 2 & 0xFF);
                data[p + 3] = 255;
            }
        }

        return data;
    }

    public static void Fill(byte[] frame, int width, FaceBox box, byte b, byte g, byte r)
    {
        for (int y = box.Y; y < box.Bottom; y++)
        {
            for (int x = box.X; x < box.Right; x++)
            {
                int p = ((y * width) + x) * 4;
                frame[p] = b;
                frame[p + 1] = g;
                frame[p + 2] = r;
            }
        }
    }

    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "streamlip-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
        return dir;
    }
}
