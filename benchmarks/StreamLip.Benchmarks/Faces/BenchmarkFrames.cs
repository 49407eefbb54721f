using StreamLip.Faces;
using StreamLip.Media.Video;

namespace StreamLip.Benchmarks.Faces;

/// <summary>The built-in avatar's source photo (512×512 BGRx), and the same photo centred on a 1280×720 grey frame.</summary>
internal static class BenchmarkFrames
{
    public static byte[] Astronaut(out int width, out int height)
    {
        string path = Path.Combine(StreamLipHome.Path, ".cache", "astronaut.png");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: run ./streamlip setup.", path);
        }

        DecodedVideo decoded = VideoFileDecoder.Decode(path);
        (width, height) = (decoded.Width, decoded.Height);
        return decoded.Frames[0].Bgrx;
    }

    public static byte[] AstronautOn720p(out int width, out int height)
    {
        byte[] photo = Astronaut(out int w, out int h);
        (width, height) = (1280, 720);
        byte[] frame = new byte[1280 * 720 * 4];
        Array.Fill(frame, (byte)128);
        int left = (1280 - w) / 2, top = (720 - h) / 2;
        for (int y = 0; y < h; y++)
        {
            photo.AsSpan(y * w * 4, w * 4).CopyTo(frame.AsSpan((((top + y) * 1280) + left) * 4));
        }

        return frame;
    }
}
