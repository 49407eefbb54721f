using System.Numerics;
using System.Text.Json.Nodes;
using StreamLip.Avatars;

namespace StreamLip.Core.Tests.Avatars;

/// <summary>Caches that <see cref="Avatar.Load"/> must refuse with a clear <see cref="AvatarException"/> (some found by <see cref="AvatarLoadFuzzTests"/>).</summary>
public sealed class AvatarLoadTests : IDisposable
{
    private readonly string _dir = TestFrames.TempDirectory();

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>Builds a 3-frame 64 × 48 avatar with 68 landmarks per frame and 16-px faces into <paramref name="dir"/>.</summary>
    internal static void BuildWithLandmarks(string dir)
    {
        var shape = TestFaces.UprightLandmarks(new Vector2(30, 22), 10);
        var frames = Enumerable.Range(0, 3).Select(i => new AvatarSourceFrame(TestFrames.Gradient(64, 48, i), [new FaceBox(0, 0, 1, 1)], [.. shape.Select(p => p + new Vector2(i, 0))])).ToList();
        AvatarBuilder.Build(frames, 64, 48, "clip.mp4", dir, new AvatarBuildOptions { FaceSize = 16 });
    }

    [Theory]
    [InlineData("framing", null, "is not a valid avatar manifest")] // found by the fuzz property: a NullReferenceException
    [InlineData("facelessFrames", "[null]", "is inconsistent")]
    [InlineData("boxes", "[null, [18, 13, 24, 34], [19, 13, 24, 34]]", "is inconsistent")]
    [InlineData("height", "16777216", "is inconsistent")] // 64 × 16777216 BGRx bytes do not fit an int
    [InlineData("faceSize", "65536", "is inconsistent")]
    [InlineData("boxes", "[[18, 13, 24, 34], [19, 13, 24, 34], [60, 13, 24, 34]]", "the face box of frame 2 (x, y, width, height 60, 13, 24, 34) is not inside the 64×48 frame")]
    public void A_manifest_with_a_broken_member_is_refused(string member, string? json, string problem)
    {
        BuildWithLandmarks(_dir);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, Avatar.ManifestFile)))!;
        manifest[member] = json is null ? null : JsonNode.Parse(json);
        File.WriteAllText(Path.Combine(_dir, Avatar.ManifestFile), manifest.ToJsonString());

        var e = Assert.Throws<AvatarException>(() => Avatar.Load(_dir));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_box_of_negative_height_is_refused_before_a_face_size_other_than_the_caches_crops_it()
    {
        // Found by the fuzz property: FaceCropper's ArgumentException ("Empty face box") came out of Load(faceSize: 24).
        BuildWithLandmarks(_dir);
        string path = Path.Combine(_dir, Avatar.ManifestFile);
        var manifest = JsonNode.Parse(File.ReadAllText(path))!;
        manifest["boxes"]![0]![3] = -1;
        File.WriteAllText(path, manifest.ToJsonString());

        var e = Assert.Throws<AvatarException>(() => Avatar.Load(_dir, faceSize: 24));

        Assert.Contains("the face box of frame 0 (x, y, width, height 18, 13, 24, -1) is not inside the 64×48 frame", e.Message, StringComparison.Ordinal);
    }
}
