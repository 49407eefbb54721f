using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using StreamLip.Server.Tests.Conversation;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>
/// Conversation mode as a user meets it: the real server (webrtcbin, CMU Sphinx, the echo responder, espeak-ng, the
/// procedural test model) and Debian's headless Chromium opening the page with <c>?autostart=1&amp;conversation=1</c>;
/// its fake microphone asks a question (Festival's kal), stays quiet while the avatar answers, then speaks over it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConversationPageTests : IAsyncLifetime
{
    private const string ApiKey = "e2e-conversation-key-0123456789abcd";
    private const int Rate = 48000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "streamlip-e2e", Guid.NewGuid().ToString("N"));
    private RealServer? _server;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
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
    public async Task A_question_from_the_microphone_is_answered_with_moving_lips_and_speaking_over_the_answer_stops_it()
    {
        string microphone = await WriteMicrophoneAsync();
        var box = PageMeasure.MouthBox();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(
            playwright, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-audio-capture={microphone}");
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{_server!.Url}/?autostart=1&conversation=1&token={ApiKey}");
        await page.WaitForFunctionAsync("() => window.streamlipConversation.active", null, new PageWaitForFunctionOptions { Timeout = 30000 });

        // 16 s: the question, the answer (its voice is what the page receives: the microphone is not mirrored), the barge-in.
        var json = await page.EvaluateAsync<JsonElement>(PageMeasure.Script, new { x0 = box.X0, y0 = box.Y0, w = box.W, h = box.H, seconds = 16 });
        var panel = await page.EvaluateAsync<JsonElement>("() => window.streamlipConversation");
        string report = $"panel: {panel}";
        var samples = json.GetProperty("samples").EnumerateArray().Select(s => (Level: s.GetProperty("level").GetDouble(), Motion: s.GetProperty("motion").GetDouble())).ToList();

        var transcripts = panel.GetProperty("transcripts").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.True(transcripts.Any(t => WordErrorRate.Errors("what is the weather like today", t) <= 2), report);
        Assert.Contains("You said", panel.GetProperty("replies").GetProperty("1").GetString(), StringComparison.Ordinal);
        Assert.True(panel.GetProperty("timings").GetArrayLength() >= 1, report);
        Assert.True(panel.GetProperty("bargeIns").GetInt32() >= 1, report);
        Assert.Equal(0, panel.GetProperty("errors").GetArrayLength());

        // The avatar's answer is heard and its mouth moves with it, more than while nobody speaks.
        var speaking = samples.Where(s => s.Level > 0.02).Select(s => s.Motion).ToList();
        var silent = samples.Where((s, i) => samples.Skip(Math.Max(0, i - 8)).Take(17).All(n => n.Level < 0.001)).Select(s => s.Motion).ToList();
        string motion = string.Create(CultureInfo.InvariantCulture, $"speaking {speaking.Count} samples, mean motion {Mean(speaking):F2}; silent {silent.Count}, mean {Mean(silent):F2}; {report}");
        Assert.True(speaking.Count > 25 && silent.Count > 10, motion);
        Assert.True(Mean(speaking) > 2 * Mean(silent), motion);
    }

    private static double Mean(List<double> v) => v.Count == 0 ? 0 : v.Average();

    // 1.5 s quiet, the question, 4.5 s quiet (the answer starts), the user speaking up over it, 7 s quiet; Chromium loops it.
    private async Task<string> WriteMicrophoneAsync()
    {
        float[] question = await MadeSpeech.SamplesAsync(MadeSpeech.Kal, "what is the weather like today");
        float[] interruption = await MadeSpeech.SamplesAsync(MadeSpeech.Kal, "wait, stop please");
        var samples = new List<float>();
        samples.AddRange(new float[24000]);
        samples.AddRange(question);
        samples.AddRange(new float[72000]);
        samples.AddRange(interruption.Select(x => Math.Clamp(x * 2, -1f, 1f)));
        samples.AddRange(new float[112000]);
        string path = Path.Combine(_dir, "microphone.wav");
        File.WriteAllBytes(path, TestWav.Pcm16Mono(Upsample3(samples), Rate));
        return path;
    }

    // 16 → 48 kHz by linear interpolation (plenty for a fake microphone that Opus band-limits anyway).
    private static float[] Upsample3(List<float> x)
    {
        var y = new float[x.Count * 3];
        for (int i = 0; i < x.Count; i++)
        {
            float next = i + 1 < x.Count ? x[i + 1] : x[i];
            for (int k = 0; k < 3; k++)
            {
                y[(3 * i) + k] = x[i] + ((next - x[i]) * k / 3f);
            }
        }

        return y;
    }
}
