using Microsoft.Playwright;
using StreamLip.Avatars;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>
/// The page before a session: Debian's headless Chromium opens it (real server, the built-in avatar) and the video
/// shows the chosen avatar's first frame, not a black box; the pixels the browser decoded are the avatar's.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AvatarPreviewPageTests : IAsyncLifetime
{
    private const string ApiKey = "e2e-preview-key-0123456789abcdef";
    private RealServer? _server;

    public async Task InitializeAsync()
    {
        _server = await RealServer.StartAsync(ApiKey);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Before_a_session_the_video_shows_the_avatars_first_frame()
    {
        using var avatar = Avatar.Load(StreamLipHome.DefaultAvatar);
        string url = _server!.Url;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        await page.GotoAsync($"{url}/?token={ApiKey}");
        await page.WaitForFunctionAsync("() => window.streamlip.state.preview !== null", null, new PageWaitForFunctionOptions { Timeout = 15000 });

        Assert.Equal("idle", await page.EvaluateAsync<string>("() => window.streamlip.state.phase"));
        Assert.Equal("astronaut", await page.EvaluateAsync<string>("() => window.streamlip.state.preview"));
        // The poster as the browser decoded it, read back through a canvas at a few places.
        var points = new[] { (256, 256), (220, 140), (60, 60), (400, 450) };
        int[] read = await page.EvaluateAsync<int[]>(
            @"async (points) => {
                const image = new Image();
                image.src = document.getElementById('avatar').poster;
                await image.decode();
                const canvas = document.createElement('canvas');
                canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
                const g = canvas.getContext('2d');
                g.drawImage(image, 0, 0);
                const out = [image.naturalWidth, image.naturalHeight];
                for (const [x, y] of points) { const d = g.getImageData(x, y, 1, 1).data; out.push(d[0], d[1], d[2]); }
                return out;
            }",
            points.Select(p => new[] { p.Item1, p.Item2 }).ToArray());

        Assert.Equal((avatar.Width, avatar.Height), (read[0], read[1]));
        var frame = avatar.Frame(0);
        for (int i = 0; i < points.Length; i++)
        {
            var (x, y) = points[i];
            int p = ((y * avatar.Width) + x) * 4;
            // RGB in the page, BGRx in the cache; PNG is lossless, the canvas may round colour management by a step.
            Assert.InRange(read[2 + (3 * i)] - frame[p + 2], -2, 2);
            Assert.InRange(read[3 + (3 * i)] - frame[p + 1], -2, 2);
            Assert.InRange(read[4 + (3 * i)] - frame[p], -2, 2);
        }

        // The video element itself is visible with that poster (not display:none or zero-sized).
        double[] size = await page.EvaluateAsync<double[]>("() => { const r = document.getElementById('avatar').getBoundingClientRect(); return [r.width, r.height]; }");
        Assert.True(size[0] > 100 && size[1] > 100, $"{size[0]}×{size[1]}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "streamlip-preview-page.png") });
    }
}
