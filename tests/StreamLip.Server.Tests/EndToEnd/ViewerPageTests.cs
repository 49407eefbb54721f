using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>
/// A virtual anchor as OBS's Browser Source would show it: the real server (webrtcbin, ONNX Runtime, espeak-ng, the
/// built-in avatar), a session without a microphone made through <c>POST /api/sessions</c>, and headless Chromium
/// opening the <c>viewerUrl</c> it returned. Text spoken through the API must reach the viewer's lips and ears, and an
/// interrupt must silence both.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ViewerPageTests : IAsyncLifetime
{
    private const string ApiKey = "e2e-viewer-key-0123456789abcdef";
    private RealServer? _server;
    private HttpClient? _api;

    public async Task InitializeAsync()
    {
        _server = await RealServer.StartAsync(ApiKey);
        _api = new HttpClient { BaseAddress = new Uri(_server.Url) };
        _api.DefaultRequestHeaders.Authorization = new("Bearer", ApiKey);
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_viewer_shows_speech_pushed_through_the_api_at_25_fps_and_an_interrupt_silences_it()
    {
        var api = _api!;
        using var created = await api.PostAsJsonAsync("/api/sessions", new { microphone = false });
        created.EnsureSuccessStatusCode();
        var session = await created.Content.ReadFromJsonAsync<JsonElement>();
        string id = session.GetProperty("id").GetString()!;
        var box = PageMeasure.MouthBox();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 640, Height = 360 } });
        await page.GotoAsync(new Uri(api.BaseAddress!, session.GetProperty("viewerUrl").GetString()).ToString());
        await PageMeasure.WaitForPictureAsync(page);

        // Chromeless: the video fills the window and nothing else shows.
        Assert.Equal("live", await page.EvaluateAsync<string>("() => window.streamlip.state.phase"));
        int[] size = await page.EvaluateAsync<int[]>("() => { const r = document.getElementById('avatar').getBoundingClientRect(); return [r.width, r.height]; }");
        Assert.Equal((640, 360), (size[0], size[1]));
        Assert.False(await page.IsVisibleAsync("#status"));

        // About 3 s of speech into a 10 s measurement: the mouth moves and the voice is heard while it plays, then rests.
        (await api.PostAsJsonAsync($"/api/sessions/{id}/speak", new { text = "Hello everyone, welcome to the stream. Today we talk about lip sync.", voice = "en-us" })).EnsureSuccessStatusCode();
        var spoken = await MeasureAsync(page, box, 10);
        Assert.True(spoken.Fps >= 24, spoken.Report);
        var speaking = spoken.Samples.Where(s => s.Level > 0.02).Select(s => s.Motion).ToList();
        var resting = spoken.Samples.Where((s, i) => spoken.Samples.Skip(Math.Max(0, i - 8)).Take(17).All(n => n.Level < 0.001)).Select(s => s.Motion).ToList();
        Assert.True(speaking.Count > 25 && resting.Count > 20, spoken.Report);
        Assert.True(speaking.Average() > 2 * resting.Average(), spoken.Report);

        // A long utterance, interrupted 1.5 s in: from ~D + the receiver's jitter buffer later, silence and a still mouth.
        (await api.PostAsJsonAsync($"/api/sessions/{id}/speak", new { text = string.Join(' ', Enumerable.Repeat("This sentence goes on and on so that it can be cut off.", 6)) })).EnsureSuccessStatusCode();
        await Task.Delay(1500);
        using var interrupt = await api.PostAsync($"/api/sessions/{id}/interrupt", null);
        Assert.True((await interrupt.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("interrupted").GetBoolean());
        await Task.Delay(700);
        var after = await MeasureAsync(page, box, 3);
        Assert.All(after.Samples, s => Assert.True(s.Level < 0.001, after.Report));
        Assert.True(after.Samples.Average(s => s.Motion) < 0.5 * speaking.Average(), after.Report);

        // Closing the page ends the viewer (the session goes on).
        await page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        for (int i = 0; i < 100 && Outputs(await api.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}")) > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, Outputs(await api.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}")));
    }

    private static int Outputs(JsonElement session) => session.GetProperty("stats").GetProperty("outputs").GetInt32();

    private async Task<Measurement> MeasureAsync(IPage page, (int X0, int Y0, int W, int H) box, int seconds)
    {
        var json = await page.EvaluateAsync<JsonElement>(PageMeasure.Script, new { x0 = box.X0, y0 = box.Y0, w = box.W, h = box.H, seconds });
        var samples = json.GetProperty("samples").EnumerateArray().Select(s => (Level: s.GetProperty("level").GetDouble(), Motion: s.GetProperty("motion").GetDouble())).ToList();
        double fps = json.GetProperty("decoded").GetInt32() / json.GetProperty("seconds").GetDouble();
        string stats = await _api!.GetStringAsync("/api/stats");
        string report = string.Create(CultureInfo.InvariantCulture, $"{fps:F1} fps decoded; levels/motion: {string.Join(' ', samples.Select(s => $"{s.Level:F3}/{s.Motion:F1}"))}; server: {stats}");
        return new Measurement(fps, samples, report);
    }

    private sealed record Measurement(double Fps, List<(double Level, double Motion)> Samples, string Report);
}
