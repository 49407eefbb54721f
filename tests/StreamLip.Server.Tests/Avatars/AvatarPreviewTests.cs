using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StreamLip.Media.Video;

namespace StreamLip.Server.Tests.Avatars;

/// <summary><c>GET /api/avatars/{name}/preview.png</c>: the avatar's first frame, what the page shows before a session.</summary>
[Collection(ServerCollection.Name)]
public sealed class AvatarPreviewTests(AvatarFixture avatars) : IDisposable
{
    private readonly ServerFactory _factory = new(avatars);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_preview_is_the_first_frame_as_png()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync($"/api/avatars/{AvatarFixture.Name}/preview.png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("private", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        string path = Path.Combine(Path.GetTempPath(), $"preview-{Guid.NewGuid():N}.png");
        try
        {
            await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
            var png = VideoFileDecoder.Decode(path);
            Assert.Equal((AvatarFixture.Size, AvatarFixture.Size), (png.Width, png.Height));
            byte[] pixels = Assert.Single(png.Frames).Bgrx;
            // The fixture's face is BGR (170, 180, 210) on a gradient (x·2, y·2, 40).
            int centre = ((64 * AvatarFixture.Size) + 64) * 4;
            Assert.Equal((170, 180, 210), (pixels[centre], pixels[centre + 1], pixels[centre + 2]));
            int corner = ((10 * AvatarFixture.Size) + 10) * 4;
            Assert.Equal((20, 20, 40), (pixels[corner], pixels[corner + 1], pixels[corner + 2]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("..%2F..%2Fetc")]
    public async Task An_unknown_avatar_is_a_404_that_lists_the_known_ones(string name)
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync($"/api/avatars/{name}/preview.png");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains($"Available: {AvatarFixture.Name}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_preview_needs_the_key_as_the_rest_of_the_api()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = null;

        using var response = await client.GetAsync($"/api/avatars/{AvatarFixture.Name}/preview.png");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
