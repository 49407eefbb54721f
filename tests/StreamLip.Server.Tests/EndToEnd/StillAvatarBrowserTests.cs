using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using StreamLip.Avatars;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>
/// A still avatar (one picture, <c>--still-frames 1</c>) in Debian's headless Chromium: its idle picture is not
/// encoded again (the peer holds it, at most 12 frames in a row), so the page decodes fewer frames than the server
/// sends while the voice goes on, the mouth still moves with the speech, and the stats panel says why.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StillAvatarBrowserTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const string ApiKey = "e2e-still-key-0123456789abcdef01";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "streamlip-e2e", Guid.NewGuid().ToString("N"));
    private RealServer? _server;

    public async Task InitializeAsync()
    {
        // The built-in avatar's first picture, its box and landmarks, as a still of one frame.
        using var astronaut = Avatar.Load(Path.Combine(StreamLipHome.Path, "models", "avatars", "astronaut"));
        var source = new AvatarSourceFrame(astronaut.Frame(0).ToArray(), [astronaut.Box(0)], astronaut.Landmarks(0).ToArray());
        string avatars = Directory.CreateDirectory(Path.Combine(_dir, "avatars")).FullName;
        AvatarBuilder.Build([source], astronaut.Width, astronaut.Height, "still.png", Path.Combine(avatars, "still"), new AvatarBuildOptions { FaceSize = 96, StillFrames = 1 });
        _server = await RealServer.StartAsync(ApiKey, $"--StreamLip:AvatarsDirectory={avatars}", "--StreamLip:DefaultAvatar=still");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Its_unchanged_idle_picture_is_held_the_page_decodes_what_was_sent_and_the_mouth_still_moves_with_the_voice()
    {
        string microphone = FakeMicrophone.Write(_dir);
        var box = PageMeasure.MouthBox();
        string url = _server!.Url;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchWithMicrophoneAsync(playwright, microphone);
        var page = await PageMeasure.OpenLiveAsync(browser, url, ApiKey);
        var json = await page.EvaluateAsync<JsonElement>(PageMeasure.Script, new { x0 = box.X0, y0 = box.Y0, w = box.W, h = box.H, seconds = 15 });

        // What the server sent as pictures (sent − held) against what the page decoded, both since the start.
        using var http = new HttpClient { DefaultRequestHeaders = { Authorization = new("Bearer", ApiKey) } };
        JsonElement session = JsonDocument.Parse(await http.GetStringAsync($"{url}/api/stats")).RootElement.GetProperty("sessions")[0];
        long sent = session.GetProperty("framesSent").GetInt64();
        long held = session.GetProperty("framesHeld").GetInt64();
        int decoded = await page.EvaluateAsync<int>("async () => { let n = 0; (await window.streamlip.peer.getStats()).forEach(r => { if (r.type === 'inbound-rtp' && r.kind === 'video') n = r.framesDecoded; }); return n; }");
        await page.WaitForFunctionAsync("() => document.getElementById('stat-rate').textContent.includes('unchanged frames held')", null, new PageWaitForFunctionOptions { Timeout = 5000 });
        string rate = await page.TextContentAsync("#stat-rate") ?? "";
        var motion = MouthMotion.Of(json);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"server: {sent} frames sent, {held} held ({100.0 * held / sent:F0} %); page: {decoded} decoded since the start, {json.GetProperty("decoded").GetInt32()} in the {json.GetProperty("seconds").GetDouble():F1} s window; panel: '{rate}'; {motion}"));

        Assert.True(held > sent / 10, $"{held} of {sent} frames held"); // the fake microphone's pauses are idle time
        Assert.InRange(decoded, sent - held - 25, sent - held + 2); // every picture sent was decoded (less the ones before the connection)
        Assert.Equal(1, json.GetProperty("audioTracks").GetInt32());
        Assert.True(motion.Speaking.Count > 30 && motion.Silent.Count > 10, motion.ToString());
        Assert.True(MouthMotion.Mean(motion.Speaking) > 2 * MouthMotion.Mean(motion.Silent), motion.ToString());
    }
}
