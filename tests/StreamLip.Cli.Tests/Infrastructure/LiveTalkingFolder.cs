using System.Globalization;
using System.Text.Json;
using StreamLip.Avatars;
using StreamLip.Media;
using StreamLip.Media.Images;

namespace StreamLip.Cli.Tests.Infrastructure;

/// <summary>
/// Writes a LiveTalking wav2lip avatar folder as its genavatar.py does: <c>full_imgs/00000000.png ...</c> (here the
/// frames of the built-in avatar, as PNG by the project's PngWriter), <c>face_imgs/</c> (the box crops resized to
/// S × S) and <c>coords.pkl</c> (a list of (y1, y2, x1, x2) tuples of numpy.int64, pickled by Python here).
/// </summary>
internal static class LiveTalkingFolder
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The box of each frame in LiveTalking's order: y1, y2, x1, x2.</summary>
    public static int[] Coords(FaceBox b) => [b.Y, b.Bottom, b.X, b.Right];

    /// <summary>Writes <paramref name="frames"/> frames of <paramref name="avatar"/> and their boxes into a new folder <paramref name="folder"/>.</summary>
    public static async Task<IReadOnlyList<int[]>> WriteAsync(Avatar avatar, string folder, int frames, int faceSize = 256)
    {
        GStreamerRuntime.EnsureInitialized();
        string full = Directory.CreateDirectory(Path.Combine(folder, "full_imgs")).FullName;
        string faces = Directory.CreateDirectory(Path.Combine(folder, "face_imgs")).FullName;
        var coords = new List<int[]>();
        byte[] crop = new byte[faceSize * faceSize * 4];
        for (int k = 0; k < frames; k++)
        {
            string name = k.ToString("D8", CultureInfo.InvariantCulture) + ".png";
            PngWriter.WriteBgrx(Path.Combine(full, name), avatar.Frame(k), avatar.Width, avatar.Height);
            var box = avatar.Box(k);
            Resize(avatar.Frame(k), avatar.Width, box, faceSize, crop);
            PngWriter.WriteBgrx(Path.Combine(faces, name), crop, faceSize, faceSize);
            coords.Add(Coords(box));
        }

        await PickleAsync(Path.Combine(folder, "coords.pkl"), coords);
        return coords;
    }

    /// <summary>Pickles <paramref name="boxes"/> as genavatar.py does: tuples of numpy.int64 (default protocol).</summary>
    public static Task PickleAsync(string path, IEnumerable<int[]> boxes) =>
        PythonAsync("import json, pickle, sys, numpy as np\n" +
                    "boxes = json.load(open(sys.argv[1]))\n" +
                    "with open(sys.argv[2], 'wb') as f: pickle.dump([tuple(np.array(b, dtype=np.int64)) for b in boxes], f)\n",
                    JsonSerializer.Serialize(boxes), path);

    /// <summary>Runs a Python script; its arguments: a file holding <paramref name="json"/>, then <paramref name="args"/>.</summary>
    public static async Task PythonAsync(string script, string json, params string[] args)
    {
        string input = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(input, json);
            var result = await CliProcess.RunToolAsync(Python, TimeSpan.FromMinutes(1), ["-c", script, input, .. args]);
            Assert.True(result.ExitCode == 0, $"python3 failed (./streamlip setup installs python3-numpy): {result}");
        }
        finally
        {
            File.Delete(input);
        }
    }

    /// <summary>Nearest-neighbour S × S crop of <paramref name="box"/> (what cv2.resize makes is not needed: only the size matters).</summary>
    private static void Resize(ReadOnlySpan<byte> bgrx, int width, FaceBox box, int size, Span<byte> crop)
    {
        for (int y = 0; y < size; y++)
        {
            int sy = box.Y + (y * box.Height / size);
            for (int x = 0; x < size; x++)
            {
                int sx = box.X + (x * box.Width / size);
                bgrx.Slice(((sy * width) + sx) * 4, 4).CopyTo(crop.Slice(((y * size) + x) * 4, 4));
            }
        }
    }
}
