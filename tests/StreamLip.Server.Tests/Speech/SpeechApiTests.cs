using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StreamLip.Server.Hosting;
using StreamLip.Server.Security;

namespace StreamLip.Server.Tests.Speech;

/// <summary>The sessions and speech API on the real server (real ONNX model, real clock, espeak-ng, GStreamer).</summary>
[Collection(ServerCollection.Name)]
public sealed class SpeechApiTests(AvatarFixture avatars) : IDisposable
{
    private readonly ServerFactory _factory = new(avatars, new Dictionary<string, string?>
    {
        ["StreamLip:Speech:MaxTextLength"] = "300",
        ["StreamLip:Speech:MaxQueuedUtterances"] = "2",
        ["StreamLip:Speech:MaxUploadBytes"] = "200000",
        ["StreamLip:Speech:MaxUploadSeconds"] = "3",
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_session_without_a_microphone_is_created_described_and_deleted_with_its_viewer_token()
    {
        using var client = _factory.CreateClient();

        using var created = await client.PostAsJsonAsync("/api/sessions", new { microphone = false });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        string id = body.GetProperty("id").GetString()!;
        string token = body.GetProperty("viewerToken").GetString()!;
        Assert.Equal($"/viewer?session={id}&token={token}", body.GetProperty("viewerUrl").GetString());
        Assert.Equal($"/api/sessions/{id}", created.Headers.Location!.ToString());
        var tokens = _factory.Services.GetRequiredService<ViewerTokens>();
        Assert.True(tokens.Validate(id, token));

        var info = await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}");
        Assert.False(info.GetProperty("stats").GetProperty("hasMicrophone").GetBoolean());
        Assert.False(info.GetProperty("speaking").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/sessions/{id}")).StatusCode);
        Assert.False(tokens.Validate(id, token));
        await AssertProblem(await client.GetAsync($"/api/sessions/{id}"), HttpStatusCode.NotFound, "No session");
        await AssertProblem(await client.PostAsJsonAsync("/api/sessions", new { microphone = true }), HttpStatusCode.BadRequest, "WebRTC offer");
        await AssertProblem(await client.PostAsJsonAsync("/api/sessions", new { avatar = "nobody" }), HttpStatusCode.NotFound, "No avatar");
    }

    [Fact]
    public async Task Speak_moves_the_mouth_while_the_utterance_plays_and_rests_after()
    {
        using var client = _factory.CreateClient();
        var (id, sink, rest) = await StartWatchedAsync(client);

        using var spoken = await client.PostAsJsonAsync($"/api/sessions/{id}/speak", new { text = "Hello there, this is a test of the speech.", voice = "en-us", rate = 200 });

        Assert.Equal(HttpStatusCode.Accepted, spoken.StatusCode);
        Assert.Equal(1, (await spoken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("utteranceId").GetInt64());
        await WaitUntilSilentAsync(client, id);
        await Task.Delay(1000);
        var moving = sink.Moving(rest);
        Assert.True(moving.Count >= 15, $"{moving.Count} frames moved");
        Assert.True(sink.Count - moving[^1] >= 15, $"the last moving frame is {moving[^1]} of {sink.Count}: the mouth should rest after the utterance");
    }

    [Fact]
    public async Task Interrupt_stops_the_mouth_once_the_voice_already_sent_has_played()
    {
        using var client = _factory.CreateClient();
        var (id, sink, rest) = await StartWatchedAsync(client);
        (await client.PostAsJsonAsync($"/api/sessions/{id}/speak", new { text = "This is a long sentence that keeps the mouth moving for several seconds, so that it can be cut off." })).EnsureSuccessStatusCode();
        var clock = Stopwatch.StartNew();
        while (sink.Moving(rest).Count < 10 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        using var interrupted = await client.PostAsync($"/api/sessions/{id}/interrupt", null);
        int cutAt = sink.Count;
        await Task.Delay(1000);

        Assert.True((await interrupted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("interrupted").GetBoolean());
        // The voice already sent ahead of its frames (VoiceLeadMs) still plays, and its mouth with it: then rest.
        int lead = (int)Math.Ceiling(new StreamLip.Server.Options.ServerOptions().VoiceLeadMs / 40.0);
        var after = sink.Moving(rest, cutAt + lead);
        Assert.True(after.Count == 0, $"frames {string.Join(',', after)} moved after the interrupt at frame {cutAt} (+{lead} frames of voice sent ahead)");
        var info = await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}");
        Assert.Equal(0, info.GetProperty("queuedUtterances").GetInt32());
    }

    [Fact]
    public async Task Uploads_longer_than_MaxUploadSeconds_are_413_from_the_header_or_the_decode_and_lose_nothing()
    {
        using var client = _factory.CreateClient();
        string id = (await (await client.PostAsJsonAsync("/api/sessions", new { })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        string flac = Path.Combine(Path.GetTempPath(), $"streamlip-long-{Guid.NewGuid():N}.flac");
        using (var gst = System.Diagnostics.Process.Start("gst-launch-1.0", ["-q", "audiotestsrc", "wave=silence", "samplesperbuffer=8000", "num-buffers=600", "!", "audio/x-raw,rate=8000,channels=1", "!", "flacenc", "!", "filesink", $"location={flac}"])!)
        {
            await gst.WaitForExitAsync();
        }

        try
        {
            // A WAV and a FLAC state their length: refused before decoding (a FLAC that states none stops at the budget: Media tests).
            await AssertProblem(await client.PostAsync($"/api/sessions/{id}/audio", new ByteArrayContent(Wav(8000, seconds: 5))), HttpStatusCode.RequestEntityTooLarge, "declares 5 s of audio; at most 3 s are accepted here. (StreamLip:Speech:MaxUploadSeconds)");
            await AssertProblem(await client.PostAsync($"/api/sessions/{id}/audio", new ByteArrayContent(await File.ReadAllBytesAsync(flac))), HttpStatusCode.RequestEntityTooLarge, "declares 600 s of audio; at most 3 s are accepted here. (StreamLip:Speech:MaxUploadSeconds)");
        }
        finally
        {
            File.Delete(flac);
        }

        using var fine = await client.PostAsync($"/api/sessions/{id}/audio", new ByteArrayContent(Wav(8000, seconds: 1)));
        Assert.Equal(HttpStatusCode.Accepted, fine.StatusCode);
    }

    [Fact]
    public async Task A_text_message_on_the_pcm_websocket_closes_it_with_1003_and_the_reason()
    {
        using var client = _factory.CreateClient();
        string id = (await (await client.PostAsJsonAsync("/api/sessions", new { })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var uri = new Uri(_factory.Server.BaseAddress, $"/api/sessions/{id}/audio/stream?rate=16000&channels=1");
        using var socket = await Authorized(_factory.Server.CreateWebSocketClient()).ConnectAsync(uri, CancellationToken.None);

        await socket.SendAsync("{\"pcm\": [1, 2, 3]}"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(new byte[256], timeout.Token);

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.InvalidMessageType, socket.CloseStatus);
        Assert.Equal("send s16le PCM as binary messages, not text", socket.CloseStatusDescription);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Pcm_streamed_over_a_websocket_reaches_the_lips_within_300_ms_of_the_first_voiced_chunk()
    {
        using var client = _factory.CreateClient();
        var (id, sink, rest) = await StartWatchedAsync(client);
        var uri = new Uri(_factory.Server.BaseAddress, $"/api/sessions/{id}/audio/stream?rate=24000&channels=1");
        using var socket = await Authorized(_factory.Server.CreateWebSocketClient()).ConnectAsync(uri, CancellationToken.None);

        // 300 ms of silence, then 1.2 s of a loud tone, in 20 ms messages (480 samples) on the real clock.
        var clock = Stopwatch.StartNew();
        long firstVoiced = 0;
        byte[] message = new byte[960];
        for (int k = 0; k < 75; k++)
        {
            var due = TimeSpan.FromMilliseconds(20 * k);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            for (int i = 0; i < 480; i++)
            {
                int n = (k * 480) + i;
                double v = k < 15 ? 0 : 0.6 * Math.Sin(2 * Math.PI * 300 * n / 24000);
                BitConverter.TryWriteBytes(message.AsSpan(i * 2), (short)(v * 32767));
            }

            if (k == 15)
            {
                firstVoiced = Stopwatch.GetTimestamp();
            }

            await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        await Task.Delay(800);

        var moving = sink.Moving(rest);
        Assert.True(moving.Count >= 15, $"{moving.Count} frames moved");
        long first = sink.Frames()[moving[0]].PushedAt;
        double latency = Stopwatch.GetElapsedTime(firstVoiced, first).TotalMilliseconds;
        Assert.InRange(latency, 0, 300);
    }

    [Fact]
    public async Task An_uploaded_wav_is_spoken_and_a_file_that_is_not_audio_is_a_400_with_the_reason()
    {
        using var client = _factory.CreateClient();
        var (id, sink, rest) = await StartWatchedAsync(client);

        using var uploaded = await client.PostAsync($"/api/sessions/{id}/audio", new ByteArrayContent(Wav(22050, seconds: 1.5)));

        Assert.Equal(HttpStatusCode.Accepted, uploaded.StatusCode);
        await WaitUntilSilentAsync(client, id);
        await Task.Delay(500);
        Assert.True(sink.Moving(rest).Count >= 15, $"{sink.Moving(rest).Count} frames moved");

        await AssertProblem(await client.PostAsync($"/api/sessions/{id}/audio", new ByteArrayContent(Encoding.UTF8.GetBytes("this is not audio at all, just some text"))), HttpStatusCode.BadRequest, "upload");
        await AssertProblem(await client.PostAsync($"/api/sessions/{id}/audio", new ByteArrayContent(new byte[200_001])), HttpStatusCode.RequestEntityTooLarge, "MaxUploadBytes");
        await AssertProblem(await client.PostAsync($"/api/sessions/{id}/audio", new ByteArrayContent([])), HttpStatusCode.BadRequest, "empty");
    }

    [Fact]
    public async Task Speech_errors_are_problems_that_say_what_to_do()
    {
        using var client = _factory.CreateClient();
        string id = (await (await client.PostAsJsonAsync("/api/sessions", new { })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await AssertProblem(await client.PostAsJsonAsync($"/api/sessions/{id}/speak", new { text = " " }), HttpStatusCode.BadRequest, "nothing to say");
        await AssertProblem(await client.PostAsJsonAsync($"/api/sessions/{id}/speak", new { text = new string('a', 301) }), HttpStatusCode.RequestEntityTooLarge, "MaxTextLength");
        await AssertProblem(await client.PostAsJsonAsync($"/api/sessions/{id}/speak", new { text = "hi", voice = "xx-nowhere" }), HttpStatusCode.BadRequest, "espeak-ng --voices");
        await AssertProblem(await client.PostAsJsonAsync($"/api/sessions/{id}/speak", new { text = "hi", rate = 5 }), HttpStatusCode.BadRequest, "80..450");
        await AssertProblem(await client.PostAsJsonAsync("/api/sessions/nope/speak", new { text = "hi" }), HttpStatusCode.NotFound, "No session");
        await AssertProblem(await client.PostAsync("/api/sessions/nope/interrupt", null), HttpStatusCode.NotFound, "No session");
        await AssertProblem(await client.GetAsync($"/api/sessions/{id}/audio/stream?rate=24000"), HttpStatusCode.BadRequest, "WebSocket");
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => Authorized(_factory.Server.CreateWebSocketClient()).ConnectAsync(new Uri(_factory.Server.BaseAddress, $"/api/sessions/{id}/audio/stream?rate=96000&channels=1"), CancellationToken.None));
        Assert.Contains("400", refused.Message, StringComparison.Ordinal);

        // Two utterances fill the queue (MaxQueuedUtterances = 2); the third is refused until one finishes.
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync($"/api/sessions/{id}/speak", new { text = "A sentence long enough to still be playing." })).StatusCode);
        }

        using var full = await client.PostAsJsonAsync($"/api/sessions/{id}/speak", new { text = "one too many" });
        Assert.Equal("5", full.Headers.RetryAfter!.ToString());
        await AssertProblem(full, HttpStatusCode.TooManyRequests, "MaxQueuedUtterances");
        var voices = await client.GetFromJsonAsync<JsonElement>("/api/voices");
        Assert.Contains(voices.GetProperty("voices").EnumerateArray(), v => v.GetString() == "en-us");
    }

    [Fact]
    public async Task The_page_speaks_and_interrupts_on_its_own_session_through_the_hub_and_hears_the_events()
    {
        await using var hub = await SignalRJsonClient.ConnectAsync(_factory.Server);
        await hub.InvokeAsync("Offer", Sdp.Offer, null);
        string id = (await hub.InvokeAsync("SessionId")).GetProperty("result").GetString()!;
        Assert.False((await hub.InvokeAsync("Watch", id)).TryGetProperty("error", out _));

        var spoken = await hub.InvokeAsync("Speak", id, "Hello from the page, this keeps going for a while.", null, null);
        Assert.Equal(1, spoken.GetProperty("result").GetInt64());
        var started = await hub.NextCallAsync("UtteranceStarted");
        Assert.Equal((id, 1L), (started[0].GetString(), started[1].GetInt64()));

        // (The test client drops messages that come before an invocation's completion, so the event is awaited after a
        // REST interrupt; the hub's own Interrupt is checked on the next utterance.)
        using var client = _factory.CreateClient();
        (await client.PostAsync($"/api/sessions/{id}/interrupt", null)).EnsureSuccessStatusCode();
        var finished = await hub.NextCallAsync("UtteranceFinished");
        Assert.Equal((1L, true), (finished[1].GetInt64(), finished[2].GetBoolean()));
        Assert.Equal(2, (await hub.InvokeAsync("Speak", id, "And once more.", "en-gb", 150)).GetProperty("result").GetInt64());
        Assert.True((await hub.InvokeAsync("Interrupt", id)).GetProperty("result").GetBoolean());
        Assert.Contains("voice", (await hub.InvokeAsync("Speak", id, "hi", "xx-nowhere", null)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("No session", (await hub.InvokeAsync("Watch", "nope")).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    // A session without a microphone, watched by a recording output; returns the avatar's rest frames seen while idle.
    private async Task<(string Id, RecordingSink Sink, IReadOnlyList<byte[]> RestFrames)> StartWatchedAsync(HttpClient client)
    {
        using var created = await client.PostAsJsonAsync("/api/sessions", new { microphone = false });
        created.EnsureSuccessStatusCode();
        string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var sink = new RecordingSink();
        _factory.Services.GetRequiredService<EngineHost>().Engine.Find(id)!.AddOutput(sink);
        var clock = Stopwatch.StartNew();
        while (sink.Count < 25 && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        var rest = sink.Frames().Select(f => f.Bgrx).DistinctBy(Convert.ToBase64String).ToList();
        return (id, sink, rest);
    }

    private static async Task WaitUntilSilentAsync(HttpClient client, string id)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var info = await client.GetFromJsonAsync<JsonElement>($"/api/sessions/{id}");
            if (!info.GetProperty("speaking").GetBoolean())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the utterance did not finish");
    }

    private static byte[] Wav(int rate, double seconds) =>
        TestWav.Pcm16Mono([.. Enumerable.Range(0, (int)(rate * seconds)).Select(i => (float)(0.6 * Math.Sin(2 * Math.PI * 300 * i / rate)))], rate);

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    private static Microsoft.AspNetCore.TestHost.WebSocketClient Authorized(Microsoft.AspNetCore.TestHost.WebSocketClient client)
    {
        client.ConfigureRequest = r => r.Headers.Authorization = "Bearer " + ServerFactory.ApiKey;
        return client;
    }
}
