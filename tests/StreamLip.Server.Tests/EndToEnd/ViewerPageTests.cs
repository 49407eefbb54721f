using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StreamLip.Server.Avatars;
using StreamLip.Server.Hosting;
using StreamLip.Server.Security;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>
/// The chromeless viewer as OBS's Browser Source would load it: the real server (webrtcbin, ONNX Runtime, the built-in
/// avatar) and headless Chromium opening <c>/viewer?session=…&amp;token=…</c> for a session that has no peer of its own.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ViewerPageTests : IAsyncLifetime
{
    private WebApplication? _server;

    public async Task InitializeAsync()
    {
        _server = ServerHost.Build(["--urls", "http://127.0.0.1:0", $"--StreamLip:ModelPath={Path.Combine(StreamLipHome.Path, StreamLipHome.TestModel)}"]);
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_viewer_page_plays_a_session_at_25_fps_without_chrome_and_leaves_when_closed()
    {
        var url = _server!.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal));
        var services = _server.Services;
        var (name, avatar) = services.GetRequiredService<AvatarCatalog>().Get(null);
        await using var session = services.GetRequiredService<EngineHost>().Engine.StartSession(name, avatar, transport: null);
        var token = services.GetRequiredService<ViewerTokens>().Issue(session.Id);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 640, Height = 360 } });
        await page.GotoAsync($"{url}/viewer?session={session.Id}&token={token}");
        await page.WaitForFunctionAsync("() => { const v = document.getElementById('avatar'); return v.videoWidth > 0 && v.currentTime > 0.5; }", null, new PageWaitForFunctionOptions { Timeout = 20000 });

        Assert.Equal("live", await page.EvaluateAsync<string>("() => window.streamlip.state.phase"));
        Assert.Equal(1, session.GetStats().Outputs);
        // Chromeless: the video fills the window, and nothing else is visible.
        var (videoWidth, videoHeight) = (await page.EvaluateAsync<int>("() => document.getElementById('avatar').getBoundingClientRect().width"), await page.EvaluateAsync<int>("() => document.getElementById('avatar').getBoundingClientRect().height"));
        Assert.Equal((640, 360), (videoWidth, videoHeight));
        Assert.False(await page.IsVisibleAsync("#status"));
        Assert.Equal(1, await page.EvaluateAsync<int>("() => document.getElementById('avatar').srcObject.getAudioTracks().length"));

        var decoded = await page.EvaluateAsync<double>(CountDecodedScript, 8);
        Assert.True(decoded / 8 >= 24, string.Create(CultureInfo.InvariantCulture, $"{decoded} frames decoded in 8 s; server: {session.GetStats()}"));

        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        for (int i = 0; i < 100 && session.GetStats().Outputs > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, session.GetStats().Outputs);
    }

    private const string CountDecodedScript = """
        async (seconds) => {
          const decoded = async () => { let n = 0; (await window.streamlip.peer.getStats()).forEach(r => { if (r.type === 'inbound-rtp' && r.kind === 'video') n = r.framesDecoded; }); return n; };
          const start = await decoded();
          await new Promise(r => setTimeout(r, seconds * 1000));
          return (await decoded()) - start;
        }
        """;
}
