using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StreamLip.Avatars;
using StreamLip.Faces.Tests.TestData;

namespace StreamLip.Faces.Tests.Reference;

/// <summary>
/// dlib itself, as the yardstick: <c>dlib_reference.cpp</c> built with g++ against Debian's libdlib (`pkg-config
/// dlib-1`) on first use, kept under the temp folder keyed by the source, the flags and dlib's version (so an
/// unchanged program is not rebuilt by every run), and run on the same pixels and boxes StreamLip sees.
/// </summary>
internal sealed class ReferenceProgram
{
    private readonly string _executable;
    private readonly string _workDirectory;

    private ReferenceProgram(string executable, string workDirectory)
    {
        _executable = executable;
        _workDirectory = workDirectory;
    }

    public static ReferenceProgram Build(string workDirectory)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Reference", "dlib_reference.cpp");
        string flags = Run("pkg-config", ["--cflags", "--libs", "dlib-1"], TimeSpan.FromSeconds(30)).Trim();
        string version = Run("pkg-config", ["--modversion", "dlib-1"], TimeSpan.FromSeconds(30)).Trim();
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(File.ReadAllText(source) + "|-O3 -march=native|" + flags + "|" + version)))[..16];
        string directory = Path.Combine(Path.GetTempPath(), "streamlip-dlib-reference", key);
        string executable = Path.Combine(directory, "dlib_reference");
        if (!File.Exists(executable))
        {
            Directory.CreateDirectory(directory);
            string partial = executable + ".partial-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            // The flags ./streamlip setup builds the detector library with: dlib's HOG code is in its headers, so both
            // programs then run the same machine code and their scores agree to the printed digits.
            var args = new List<string> { "-std=c++17", "-O3", "-march=native", source, "-o", partial };
            args.AddRange(flags.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Run("g++", args, TimeSpan.FromMinutes(5));
            File.Move(partial, executable, overwrite: true);
        }

        return new ReferenceProgram(executable, workDirectory);
    }

    /// <summary>dlib's 68 points (integers, as dlib returns them) for each box, in order.</summary>
    public IReadOnlyList<(int X, int Y)[]> Landmarks(string modelPath, TestPhoto photo, IReadOnlyList<FaceBox> boxes)
    {
        string ppm = WritePpm(photo);
        string boxFile = Path.Combine(_workDirectory, $"{Guid.NewGuid():N}.boxes");
        File.WriteAllLines(boxFile, boxes.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.X} {b.Y} {b.Right - 1} {b.Bottom - 1}")));
        string output = Run(_executable, ["landmarks", modelPath, ppm, boxFile], TimeSpan.FromMinutes(2));
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(boxes.Count, lines.Length);
        return [.. lines.Select(line =>
        {
            int[] v = [.. line.Split(' ').Select(t => int.Parse(t, CultureInfo.InvariantCulture))];
            return Enumerable.Range(0, v.Length / 2).Select(i => (v[2 * i], v[(2 * i) + 1])).ToArray();
        })];
    }

    /// <summary>dlib's frontal detector run directly: boxes (converted to StreamLip's exclusive edges), confidence, filter.</summary>
    public IReadOnlyList<(FaceBox Box, double Score, int Filter)> Detect(TestPhoto photo, int upsample)
    {
        string output = Run(_executable, ["detect", WritePpm(photo), upsample.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(2));
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            string[] t = line.Split(' ');
            int l = int.Parse(t[0], CultureInfo.InvariantCulture), top = int.Parse(t[1], CultureInfo.InvariantCulture);
            int r = int.Parse(t[2], CultureInfo.InvariantCulture), b = int.Parse(t[3], CultureInfo.InvariantCulture);
            return (new FaceBox(l, top, r - l + 1, b - top + 1), double.Parse(t[4], CultureInfo.InvariantCulture), int.Parse(t[5], CultureInfo.InvariantCulture));
        })];
    }

    private string WritePpm(TestPhoto photo)
    {
        string path = Path.Combine(_workDirectory, $"{Guid.NewGuid():N}.ppm");
        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P6\n{photo.Width} {photo.Height}\n255\n")));
        byte[] rgb = new byte[photo.Width * photo.Height * 3];
        for (int i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
        {
            rgb[o] = photo.Bgrx[i + 2];
            rgb[o + 1] = photo.Bgrx[i + 1];
            rgb[o + 2] = photo.Bgrx[i];
        }

        file.Write(rgb);
        return path;
    }

    private static string Run(string program, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} ran longer than {timeout}.");
        }

        return process.ExitCode == 0
            ? stdout.Result
            : throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {stderr.Result}");
    }
}
