using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using StreamLip.Avatars;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>
/// The product as a user meets it: the real server (webrtcbin, ONNX Runtime, the built-in avatar, the procedural test model)
/// and Debian's headless Chromium opening the page with <c>?autostart=1</c>, its fake microphone playing speech with
/// pauses. Measured in the page for 20 s: frames decoded (and presented), the received audio's level, and the mouth region's motion.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserSessionTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    // The page gets it from its URL, as from the one ./streamlip serve prints.
    private const string ApiKey = "e2e-test-key-0123456789abcdef0123";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "streamlip-e2e", Guid.NewGuid().ToString("N"));
    private RealServer? _server;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        // The procedural test model: its mouth change is large and unmistakable in an encoded stream (H.264 or VP8), so
        // the test judges the pipeline (speech in → mouth out, rest in silence), not a model; the demo model's sync is
        // measured in models/tests.
        _server = await RealServer.StartAsync(ApiKey);
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
    public async Task The_avatar_plays_at_25_fps_with_the_voice_and_moves_its_mouth_only_while_speaking()
    {
        string microphone = FakeMicrophone.Write(_dir);
        var box = PageMeasure.MouthBox();
        string url = _server!.Url;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchWithMicrophoneAsync(playwright, microphone);
        var page = await PageMeasure.OpenLiveAsync(browser, url, ApiKey);

        var start = await page.EvaluateAsync<JsonElement>("() => ({ answer: window.streamlip.stats.answerMs, frame: window.streamlip.stats.firstFrameMs })");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"session start in the page: offer → answer {start.GetProperty("answer").GetDouble():F0} ms, → first frame {start.GetProperty("frame").GetDouble():F0} ms"));
        var json = await page.EvaluateAsync<JsonElement>(PageMeasure.Script, new { x0 = box.X0, y0 = box.Y0, w = box.W, h = box.H, seconds = 20 });
        int frames = json.GetProperty("decoded").GetInt32();
        int shown = json.GetProperty("frames").GetInt32();
        double seconds = json.GetProperty("seconds").GetDouble();
        int hasAudio = json.GetProperty("audioTracks").GetInt32();

        double fps = frames / seconds;
        using var http = new HttpClient { DefaultRequestHeaders = { Authorization = new("Bearer", ApiKey) } };
        string serverStats = await http.GetStringAsync($"{url}/api/stats");
        // VideoCodec=Auto (the default): H.264 when the browser offers it with packetization-mode=1 (Debian's Chromium does).
        bool offersH264 = await page.EvaluateAsync<bool>(
            "() => RTCRtpReceiver.getCapabilities('video').codecs.some(c => c.mimeType === 'video/H264' && /packetization-mode=1/.test(c.sdpFmtpLine || ''))");
        JsonElement session = JsonDocument.Parse(serverStats).RootElement.GetProperty("sessions")[0];
        string? codec = session.GetProperty("videoCodec").GetString();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"video: {codec} by {session.GetProperty("videoEncoder").GetString()} (Chromium offers H.264: {offersH264}), {frames} frames decoded in {seconds:F1} s = {fps:F1} fps"));
        Assert.Equal(offersH264 ? "H264" : "VP8", codec);
        // Issue #4: ≥ 24 fps for 20 s (the server sends 25; the pacer ticks on its own thread and catches up short stalls).
        Assert.True(fps >= 24, string.Create(CultureInfo.InvariantCulture, $"{frames} frames decoded ({shown} presented) in {seconds:F1} s = {fps:F1} fps; server: {serverStats}"));
        Assert.Equal(1, hasAudio);
        // Issue #13: Chromium plays voice and picture in sync only within one media stream (its sync group).
        var streams = await page.EvaluateAsync<JsonElement>("() => window.streamlip.state.remoteStreams");
        Assert.Equal("[\"streamlip\"]", streams.GetProperty("audio").GetRawText());
        Assert.Equal("[\"streamlip\"]", streams.GetProperty("video").GetRawText());

        // Speech and silence as the page hears them (the avatar's voice is the delayed microphone).
        var motion = MouthMotion.Of(json);
        var (speaking, silent) = (motion.Speaking, motion.Silent);
        string report = motion.ToString();
        Assert.True(speaking.Count > 50 && silent.Count > 20, report);
        // At rest only the encoder's noise and the slow breathing loop change the region (≈ 1–2.5 levels per 40 ms); a
        // speaking mouth changes it several times more (measured 4–10×; missed deadlines make single jumps at rest).
        Assert.True(Mean(speaking) > 2 * Mean(silent), report);
        Assert.True(Percentile(silent, 0.9) < 3.5, report + string.Create(CultureInfo.InvariantCulture, $", silent p90 {Percentile(silent, 0.9):F2}"));
    }

    private static double Mean(List<double> v) => MouthMotion.Mean(v);

    private static double Percentile(List<double> v, double p) => v.Count == 0 ? 0 : v.Order().ElementAt((int)(p * (v.Count - 1)));

}
