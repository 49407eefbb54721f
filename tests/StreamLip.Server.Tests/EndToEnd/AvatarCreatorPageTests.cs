using Microsoft.Playwright;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>
/// A new avatar made in the page as a user makes one: Debian's headless Chromium picks a photo in the page's file
/// input, the real server builds it (the CLI's builder in its own process), the page follows the progress, chooses
/// the new avatar, shows its first frame, and a session started from the page plays it. A file that is no photo
/// gets the builder's reason in the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AvatarCreatorPageTests : IAsyncLifetime
{
    private const string ApiKey = "e2e-creator-key-0123456789abcdef";
    private readonly string _avatars = Path.Combine(Path.GetTempPath(), "streamlip-e2e-creator", Guid.NewGuid().ToString("N"));
    private RealServer? _server;

    public async Task InitializeAsync()
    {
        // The built-in avatar (linked, not copied) beside the ones the test makes.
        Directory.CreateDirectory(_avatars);
        Directory.CreateSymbolicLink(Path.Combine(_avatars, "astronaut"), StreamLipHome.DefaultAvatar);
        _server = await RealServer.StartAsync(ApiKey, $"--StreamLip:AvatarsDirectory={_avatars}");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_avatars, recursive: true);
    }

    [Fact]
    public async Task A_photo_picked_in_the_page_becomes_the_avatar_of_the_next_session()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream");
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{_server!.Url}/?token={ApiKey}");
        await page.WaitForFunctionAsync("() => window.streamlip.state.preview === 'astronaut'", null, new PageWaitForFunctionOptions { Timeout = 15000 });

        // A file that is no photo: the builder's reason shows, nothing is added.
        string bogus = Path.Combine(_avatars, "..", $"{Guid.NewGuid():N}.png");
        await File.WriteAllTextAsync(bogus, "not a photo");
        try
        {
            await page.FillAsync("#create-name", "broken");
            await page.SetInputFilesAsync("#create-file", bogus);
            await page.ClickAsync("#create-button");
            await page.WaitForFunctionAsync("() => window.streamlip.state.build && window.streamlip.state.build.state === 'failed'", null, new PageWaitForFunctionOptions { Timeout = 60000 });
        }
        finally
        {
            File.Delete(bogus);
        }

        Assert.Contains("is not a media file GStreamer can read", await page.TextContentAsync("#create-status"), StringComparison.Ordinal);
        Assert.Equal(["astronaut"], await page.EvaluateAsync<string[]>("() => [...document.getElementById('avatar-choice').options].map(o => o.value)"));

        // The photo: progress, then the new avatar chosen and shown.
        await page.FillAsync("#create-name", "mine");
        await page.SetInputFilesAsync("#create-file", Path.Combine(StreamLipHome.Path, ".cache", "astronaut.png"));
        await page.ClickAsync("#create-button");
        await page.WaitForFunctionAsync("() => window.streamlip.state.build.state !== 'uploading' && window.streamlip.state.build.state !== 'running'", null, new PageWaitForFunctionOptions { Timeout = 60000 });
        string[] build = await page.EvaluateAsync<string[]>("() => [window.streamlip.state.build.state, window.streamlip.state.build.message]");
        Assert.True(build[0] == "succeeded", build[1]);
        await page.WaitForFunctionAsync("() => window.streamlip.state.preview === 'mine'", null, new PageWaitForFunctionOptions { Timeout = 15000 });
        Assert.Equal("mine", await page.InputValueAsync("#avatar-choice"));
        Assert.Contains("Built avatar mine", await page.TextContentAsync("#create-status"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "streamlip-creator-page.png"), FullPage = true });

        // Start: the session shows the new avatar.
        await page.ClickAsync("#start");
        await page.WaitForFunctionAsync("() => { const v = document.getElementById('avatar'); return window.streamlip.state.phase === 'live' && v.videoWidth > 0 && v.currentTime > 0.3; }", null, new PageWaitForFunctionOptions { Timeout = 20000 });
        Assert.Equal("mine", await page.EvaluateAsync<string>("() => window.streamlip.state.avatar"));
        Assert.Equal(512, await page.EvaluateAsync<int>("() => document.getElementById('avatar').videoWidth"));
    }
}
