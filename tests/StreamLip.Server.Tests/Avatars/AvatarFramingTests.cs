using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamLip.Avatars;
using StreamLip.Server.Avatars;

namespace StreamLip.Server.Tests.Avatars;

/// <summary>A model that declares Wav2Lip's framing: the server frames avatars with landmarks for it, and says which it cannot.</summary>
[Collection(ServerCollection.Name)]
public sealed class AvatarFramingTests : IDisposable
{
    private const string Drawn = "drawn";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "streamlip-framing-tests", Guid.NewGuid().ToString("N"));
    private readonly ServerFactory _factory;

    public AvatarFramingTests(AvatarFixture avatars)
    {
        // "tester" as the fixture builds it (detector boxes, no landmarks) and "drawn", built with landmarks and the built-in model's framing.
        avatars.CopyTo(_root);
        byte[] frame = new byte[AvatarFixture.Size * AvatarFixture.Size * 4];
        Array.Fill(frame, (byte)120);
        AvatarBuilder.Build([new AvatarSourceFrame(frame, [new FaceBox(0, 0, 1, 1)], Face())], AvatarFixture.Size, AvatarFixture.Size, "drawn.png", Path.Combine(_root, Drawn), new AvatarBuildOptions { FaceSize = 96, StillFrames = 3 });
        _factory = new ServerFactory(avatars, new Dictionary<string, string?>
        {
            ["StreamLip:AvatarsDirectory"] = _root,
            ["StreamLip:ModelPath"] = Path.Combine(StreamLipHome.Path, "tests", "StreamLip.Onnx.Tests", "Fixtures", "wav2lip-framing.onnx"),
        });
    }

    public void Dispose()
    {
        _factory.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task An_avatar_with_landmarks_is_framed_again_for_the_model_and_one_without_is_named_in_a_warning()
    {
        using var client = _factory.CreateClient();
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/stats");
        Assert.Equal("wav2lip", stats.GetProperty("engine").GetProperty("faceFraming").GetString());
        var catalog = _factory.Services.GetRequiredService<AvatarCatalog>();

        var (_, drawn) = catalog.Get(Drawn);
        var (_, tester) = catalog.Get(AvatarFixture.Name);

        Assert.Equal("haar", drawn.Manifest.Framing);
        Assert.True(drawn.Reframed);
        Assert.Equal("wav2lip", drawn.Framing);
        // Frame 0 of a still is the still itself: Wav2Lip's box of its landmarks with the 10 px bottom pad.
        var expected = FaceFraming.Wav2Lip.FromLandmarks(Face());
        Assert.Equal(expected with { Height = expected.Height + 10 }, drawn.Box(0));
        Assert.Contains(_factory.Logs.Lines, l => l.Id.Id == 101 && l.Message.Contains("Avatar drawn loaded", StringComparison.Ordinal) && l.Message.Contains("framing wav2lip (framed again from its landmarks for this model)", StringComparison.Ordinal));

        Assert.False(tester.Reframed);
        var warning = Assert.Single(_factory.Logs.Lines, l => l.Id.Id == 105);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Avatar tester is not framed as the model wants", warning.Message, StringComparison.Ordinal);
        Assert.Contains("was framed 'detector' and has no landmarks to frame it 'wav2lip'", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>68 iBUG points of an upright face centred in the 128 × 128 frame: jaw on an arc, eyes, nose bridge, mouth.</summary>
    private static Vector2[] Face()
    {
        var points = new Vector2[68];
        for (int i = 0; i < 68; i++)
        {
            points[i] = i switch
            {
                <= 16 => new Vector2(64 - (30 * MathF.Cos(MathF.PI * i / 16)), 56 + (34 * MathF.Sin(MathF.PI * i / 16))),
                >= 36 and <= 41 => new Vector2(52, 50),
                >= 42 and <= 47 => new Vector2(76, 50),
                >= 48 => new Vector2(64, 76),
                _ => new Vector2(64, 62),
            };
        }

        return points;
    }
}
