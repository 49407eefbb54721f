using System.Text;
using CsCheck;
using StreamLip.Avatars;
using StreamLip.Tests.Fuzz;
using Xunit.Abstractions;

namespace StreamLip.Core.Tests.Avatars;

/// <summary>
/// Fuzz property of the avatar cache (issue #14 item 5): a small built avatar with landmarks, one of its files mutated
/// (the manifest most often), loaded as a server loads it — as cached, for another face size, for another framing. It
/// loads and every frame of it can be read, or it is refused with an <see cref="AvatarException"/>.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class AvatarLoadFuzzTests : IDisposable
{
    private static readonly string[] Files = [Avatar.ManifestFile, Avatar.FramesFile, Avatar.FacesFile, Avatar.LandmarksFile];

    private readonly ITestOutputHelper _output;
    private readonly string _dir = TestFrames.TempDirectory();
    private readonly byte[][] _seeds;

    public AvatarLoadFuzzTests(ITestOutputHelper output)
    {
        _output = output;
        AvatarLoadTests.BuildWithLandmarks(Path.Combine(_dir, "seed"));
        _seeds = [.. Files.Select(f => File.ReadAllBytes(Path.Combine(_dir, "seed", f)))];
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Any_cache_loads_and_reads_or_is_refused_as_an_avatar_error()
    {
        var mutants = _seeds.Select(s => Mutations.Of(s)).ToArray();
        var inputs =
            from file in Gen.Frequency((6, 0), (1, 1), (1, 2), (1, 3))
            from bytes in mutants[file]
            from load in Gen.Int[0, 2]
            select new Case(file, bytes, load);

        FuzzProperty.Check(_output, cases: 1000, inputs, Load, c => _seeds.Sum(s => (long)s.Length) + c.Bytes.Length, Print, typeof(AvatarException));
    }

    private void Load(Case c)
    {
        // One directory per thread: CsCheck samples on every core.
        string dir = Path.Combine(_dir, $"case-{Environment.CurrentManagedThreadId}");
        Directory.CreateDirectory(dir);
        for (int f = 0; f < Files.Length; f++)
        {
            File.WriteAllBytes(Path.Combine(dir, Files[f]), f == c.File ? c.Bytes : _seeds[f]);
        }

        using var avatar = c.Load switch
        {
            0 => Avatar.Load(dir),
            1 => Avatar.Load(dir, faceSize: 24),
            _ => Avatar.Load(dir, framing: FaceFraming.Wav2Lip),
        };
        for (int i = 0; i < avatar.FrameCount; i++)
        {
            _ = avatar.Frame(i);
            _ = avatar.FaceInput(i);
            _ = avatar.Box(i);
            _ = avatar.Landmarks(i);
            _ = avatar.CropLandmarks(i);
        }
    }

    private static string Print(Case c) =>
        $"{Files[c.File]} loaded {(c.Load switch { 0 => "as cached", 1 => "with faceSize 24", _ => "with framing wav2lip" })}: " +
        (c.File == 0 ? FuzzProperty.Literal(Encoding.UTF8.GetString(c.Bytes)) : c.Bytes.Length <= 256 ? FuzzProperty.Hex(c.Bytes) : $"{c.Bytes.Length} bytes");

    /// <summary>Which file is replaced by which bytes, and how the avatar is loaded.</summary>
    private sealed record Case(int File, byte[] Bytes, int Load);
}
