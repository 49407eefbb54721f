using StreamLip.Audio;

namespace StreamLip.Core.Tests.Audio;

/// <summary>
/// The committed golden files of Golden/ (made by Golden/make_golden.py, an independent numpy float64
/// implementation). Found by walking up from the test binaries to this source folder, so the test project
/// needs no copy-to-output items.
/// </summary>
internal static class GoldenData
{
    private static readonly Lazy<string> Folder = new(Locate);

    public static string Directory => Folder.Value;

    public static NpyArray Load(string fileName) => NpyFile.Read(Path.Combine(Directory, fileName));

    public static float[] Samples(string fileName)
    {
        NpyArray array = Load(fileName);
        Assert.Equal(1, array.Rank);
        return array.Data.ToArray();
    }

    /// <summary>Loads a golden [80, T] mel as frames.</summary>
    public static MelFrames Mel(string fileName)
    {
        NpyArray array = Load(fileName);
        Assert.Equal(2, array.Rank);
        Assert.Equal(MelSpectrogram.Bands, array.Shape[0]);
        return MelFrames.FromBandMajor(array.Data, array.Shape[1]);
    }

    private static string Locate()
    {
        string relative = Path.Combine("Audio", "Golden");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (string candidate in new[]
            {
                Path.Combine(dir.FullName, relative),
                Path.Combine(dir.FullName, "tests", "StreamLip.Core.Tests", relative),
            })
            {
                if (File.Exists(Path.Combine(candidate, "make_golden.py")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException($"tests/StreamLip.Core.Tests/Audio/Golden not found above {AppContext.BaseDirectory}.");
    }
}
