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
public sealed class ConversationPageTests
{
    private const string ApiKey = "e2e-conversation-key-0123456789abcd";
    private const int Rate = 48000;

    [Fact]
    public async Task A_question_from_the_microphone_is_answered_with_moving_lips_and_speaking_over_the_answer_stops_it()
    {
        string microphone = await WriteMicrophoneAsync();
        try
        {
            await AskAndInterruptAsync(microphone);
        }
        finally
        {
            File.Delete(microphone);
        }
    }

    private static async Task AskAndInterruptAsync(string microphone)
    {
        await using var server = await RealServer.StartAsync(ApiKey);
        var box = PageMeasure.MouthBox();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchWithMicrophoneAsync(playwright, microphone);
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{server.Url}/?autostart=1&conversation=1&token={ApiKey}");
        await page.WaitForFunctionAsync("() => window.streamlipConversation.active", null, new PageWaitForFunctionOptions { Timeout = 30000 });

        // Two loops of the microphone (34 s): conversation mode comes on while the file already plays (Sphinx loads for
        // ≈ 2 s), so one whole question → answer → barge-in lies in them wherever it came on. The voice the page receives
        // is the avatar's answer only: the microphone is not mirrored.
        var json = await page.EvaluateAsync<JsonElement>(PageMeasure.Script, new { x0 = box.X0, y0 = box.Y0, w = box.W, h = box.H, seconds = 34 });
        var panel = await page.EvaluateAsync<JsonElement>("() => window.streamlipConversation");
        string report = $"panel: {panel}";

        var transcripts = panel.GetProperty("transcripts").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.True(transcripts.Any(t => WordErrorRate.Errors("what is the weather like today", t) <= 2), report);
        // The echo responder answers "You said <what it understood>. …".
        Assert.True(
            panel.GetProperty("replies").EnumerateObject().Any(r => r.Value.GetString() is { } reply
                && reply.StartsWith("You said ", StringComparison.Ordinal)
                && WordErrorRate.Errors("what is the weather like today", reply["You said ".Length..].Split('.')[0]) <= 2),
            report);
        Assert.True(panel.GetProperty("timings").GetArrayLength() >= 1, report);
        Assert.True(panel.GetProperty("bargeIns").GetInt32() >= 1, report);
        Assert.Equal(0, panel.GetProperty("errors").GetArrayLength());

        // The avatar's answer is heard and its mouth moves with it, more than while nobody speaks.
        var mouth = MouthMotion.Of(json);
        var (speaking, silent) = (mouth.Speaking, mouth.Silent);
        string motion = $"{mouth}; {report}";
        Assert.True(speaking.Count > 25 && silent.Count > 10, motion);
        Assert.True(Mean(speaking) > 2 * Mean(silent), motion);
    }

    private static double Mean(List<double> v) => MouthMotion.Mean(v);

    // 1.5 s quiet, the question, 4.5 s quiet (the answer starts), the user speaking up over it, 7 s quiet (≈ 16.5 s);
    // Chromium loops it.
    private static async Task<string> WriteMicrophoneAsync()
    {
        float[] question = await MadeSpeech.SamplesAsync(MadeSpeech.Kal, "what is the weather like today");
        float[] interruption = await MadeSpeech.SamplesAsync(MadeSpeech.Kal, "wait, stop please");
        var samples = new List<float>();
        samples.AddRange(new float[24000]);
        samples.AddRange(question);
        samples.AddRange(new float[72000]);
        samples.AddRange(interruption.Select(x => Math.Clamp(x * 2, -1f, 1f)));
        samples.AddRange(new float[112000]);
        string path = Path.Combine(Path.GetTempPath(), $"streamlip-conversation-{Guid.NewGuid():N}.wav");
        File.WriteAllBytes(path, TestWav.Pcm16Mono(Upsample3(samples), Rate));
        return path;
    }

    // 16 → 48 kHz by linear interpolation (plenty for a fake microphone that Opus band-limits anyway).
    private static float[] Upsample3(List<float> x)
    {
        float[] y = new float[x.Count * 3];
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
