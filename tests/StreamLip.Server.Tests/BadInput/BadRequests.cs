using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StreamLip.Tests.BadInput;

namespace StreamLip.Server.Tests.BadInput;

/// <summary>
/// Issue #6 item 3, HTTP surface: the bad requests the server must answer with a clear 4xx and survive. Add a case in one
/// line (an upload endpoint's cases can reuse tests/Shared/BadInput/BadAudioFiles.cs for the body).
/// </summary>
internal static class BadRequests
{
    private const string OfferPath = "/api/webrtc/offer";

    public static readonly IReadOnlyDictionary<string, BadRequest> Cases = WithUploads(new Dictionary<string, BadRequest>
    {
        // The offer body.
        ["invalid-json"] = new(HttpStatusCode.BadRequest, "not valid JSON", (_, c) => Json(c, OfferPath, "{\"sdp\": \"v=0")),
        ["json-null"] = new(HttpStatusCode.BadRequest, "JSON null", (_, c) => Json(c, OfferPath, "null")),
        ["json-array"] = new(HttpStatusCode.BadRequest, "not valid JSON", (_, c) => Json(c, OfferPath, "[1, 2, 3]")),
        ["sdp-of-wrong-type"] = new(HttpStatusCode.BadRequest, "not valid JSON", (_, c) => Json(c, OfferPath, "{\"sdp\": 42}")),
        ["empty-json-body"] = new(HttpStatusCode.BadRequest, "not valid JSON", (_, c) => Json(c, OfferPath, "")),
        ["wrong-content-type"] = new(HttpStatusCode.UnsupportedMediaType, "application/json", (_, c) => c.PostAsync(OfferPath, new StringContent(Sdp.Offer, Encoding.UTF8, "application/sdp"))),
        ["no-content-type"] = new(HttpStatusCode.UnsupportedMediaType, "application/json", (_, c) => c.PostAsync(OfferPath, new ByteArrayContent("{\"sdp\":\"v=0\"}"u8.ToArray()))),
        ["empty-sdp"] = new(HttpStatusCode.BadRequest, "no SDP", (_, c) => Sdp.PostOfferAsync(c, "")),
        ["missing-sdp"] = new(HttpStatusCode.BadRequest, "no SDP", (_, c) => Json(c, OfferPath, "{\"avatar\": \"tester\"}")),
        ["non-sdp-text"] = new(HttpStatusCode.BadRequest, "not SDP", (_, c) => Sdp.PostOfferAsync(c, "hello, this is not a session description")),
        ["binary-garbage-sdp"] = new(HttpStatusCode.BadRequest, "not SDP", (_, c) => Sdp.PostOfferAsync(c, "\u0001\u0002\u00ff\ufffdv=0\u0000")),
        ["oversize-sdp"] = new(HttpStatusCode.RequestEntityTooLarge, "MaxSdpBytes", (_, c) => Sdp.PostOfferAsync(c, Sdp.OfSize((64 * 1024) + 1))),
        ["oversize-body"] = new(HttpStatusCode.RequestEntityTooLarge, "MaxRequestBodyBytes", (_, c) => Sdp.PostOfferAsync(c, Sdp.OfSize(512 * 1024))),

        // Avatar names: never a path, whatever exists there.
        ["avatar-parent-traversal"] = new(HttpStatusCode.NotFound, "No avatar '../etc'", (_, c) => Sdp.PostOfferAsync(c, avatar: "../etc")),
        ["avatar-traversal-to-a-real-avatar"] = new(HttpStatusCode.NotFound, "No avatar '../", (s, c) => Sdp.PostOfferAsync(c, avatar: s.OutsideAvatarRelative)),
        ["avatar-absolute-path"] = new(HttpStatusCode.NotFound, "No avatar '/", (s, c) => Sdp.PostOfferAsync(c, avatar: s.OutsideAvatar)),
        ["avatar-with-slash"] = new(HttpStatusCode.NotFound, "No avatar 'tester/..'", (_, c) => Sdp.PostOfferAsync(c, avatar: "tester/..")),
        ["avatar-with-nul"] = new(HttpStatusCode.NotFound, "Available: tester", (_, c) => Sdp.PostOfferAsync(c, avatar: "tester\0")),
        ["avatar-dot-dot"] = new(HttpStatusCode.NotFound, "No avatar '..'", (_, c) => Sdp.PostOfferAsync(c, avatar: "..")),
        ["avatar-backslash"] = new(HttpStatusCode.NotFound, "Available: tester", (_, c) => Sdp.PostOfferAsync(c, avatar: "..\\..\\etc")),

        // ICE candidates and session ids.
        ["candidate-without-candidate"] = new(HttpStatusCode.BadRequest, "non-empty 'candidate'", (_, c) => OnLiveSession(c, id => c.PostAsJsonAsync($"/api/webrtc/{id}/candidate", new { sdpMLineIndex = 0 }))),
        ["candidate-negative-line"] = new(HttpStatusCode.BadRequest, "'sdpMLineIndex' of 0 or more", (_, c) => OnLiveSession(c, id => c.PostAsJsonAsync($"/api/webrtc/{id}/candidate", new { candidate = "candidate:1 1 udp 1 127.0.0.1 9 typ host", sdpMLineIndex = -1 }))),
        ["candidate-of-wrong-type"] = new(HttpStatusCode.BadRequest, "not valid JSON", (_, c) => OnLiveSession(c, id => Json(c, $"/api/webrtc/{id}/candidate", "{\"candidate\": {\"x\": 1}, \"sdpMLineIndex\": \"zero\"}"))),
        ["candidate-blank"] = new(HttpStatusCode.BadRequest, "non-empty 'candidate'", (_, c) => OnLiveSession(c, id => c.PostAsJsonAsync($"/api/webrtc/{id}/candidate", new { candidate = "   ", sdpMLineIndex = 0 }))),
        ["candidate-for-unknown-session"] = new(HttpStatusCode.NotFound, "No session 'nope'", (_, c) => c.PostAsJsonAsync("/api/webrtc/nope/candidate", new { candidate = "candidate:1 1 udp 1 127.0.0.1 9 typ host", sdpMLineIndex = 0 })),
        ["stop-unknown-session"] = new(HttpStatusCode.NotFound, "No session '0123'", (_, c) => c.DeleteAsync("/api/webrtc/0123")),

        // Speech, viewers and outputs of a session without a microphone.
        ["speak-empty-text"] = new(HttpStatusCode.BadRequest, "nothing to say", (_, c) => OnSpeechSession(c, id => c.PostAsJsonAsync($"/api/sessions/{id}/speak", new { text = "  " }))),
        ["speak-text-too-long"] = new(HttpStatusCode.RequestEntityTooLarge, "MaxTextLength", (_, c) => OnSpeechSession(c, id => c.PostAsJsonAsync($"/api/sessions/{id}/speak", new { text = new string('a', 2001) }))),
        ["speak-unknown-voice"] = new(HttpStatusCode.BadRequest, "no voice 'xx-nope'", (_, c) => OnSpeechSession(c, id => c.PostAsJsonAsync($"/api/sessions/{id}/speak", new { text = "hello", voice = "xx-nope" }))),
        ["speak-unknown-session"] = new(HttpStatusCode.NotFound, "No session 'nope'", (_, c) => c.PostAsJsonAsync("/api/sessions/nope/speak", new { text = "hello" })),
        ["upload-too-large"] = new(HttpStatusCode.RequestEntityTooLarge, "MaxUploadBytes", (_, c) => OnSpeechSession(c, id => c.PostAsync($"/api/sessions/{id}/audio", new ByteArrayContent(new byte[(20 * 1024 * 1024) + 1])))),
        ["viewer-garbage-sdp"] = new(HttpStatusCode.BadRequest, "not SDP", (_, c) => OnSpeechSession(c, id => c.PostAsJsonAsync($"/api/sessions/{id}/viewers", new { sdp = "garbage" }))),
        ["stream-unsupported-scheme"] = new(HttpStatusCode.BadRequest, "rtmp", (_, c) => OnSpeechSession(c, id => c.PostAsJsonAsync($"/api/sessions/{id}/stream", new { url = "http://127.0.0.1/live" }))),
        ["stream-unreachable-rtmp"] = new(HttpStatusCode.BadGateway, "127.0.0.1:9", (_, c) => OnSpeechSession(c, id => c.PostAsJsonAsync($"/api/sessions/{id}/stream", new { url = "rtmp://127.0.0.1:9/live/key" }))),
        ["stream-oversize-body"] = new(HttpStatusCode.RequestEntityTooLarge, "MaxRequestBodyBytes", (_, c) => OnSpeechSession(c, id => Json(c, $"/api/sessions/{id}/stream", $"{{\"url\": \"rtmp://127.0.0.1/live/{new string('k', 256 * 1024)}\"}}"))),
        ["stream-invalid-json"] = new(HttpStatusCode.BadRequest, "not valid JSON", (_, c) => OnSpeechSession(c, id => Json(c, $"/api/sessions/{id}/stream", "{\"url\": "))),
        ["virtual-camera-oversize-body"] = new(HttpStatusCode.RequestEntityTooLarge, "MaxRequestBodyBytes", (_, c) => OnSpeechSession(c, id => Json(c, $"/api/sessions/{id}/virtual-camera", $"{{\"device\": \"/dev/{new string('v', 256 * 1024)}\"}}"))),
        ["recording-name-traversal"] = new(HttpStatusCode.BadRequest, "file name", (_, c) => c.GetAsync("/api/recordings/..%2F..%2Fetc%2Fpasswd")),
    });

    public static TheoryData<string> Names => [.. Cases.Keys];

    // Every bad audio file of the shared corpus, uploaded to a session: a 400 with the decoder's reason.
    private static Dictionary<string, BadRequest> WithUploads(Dictionary<string, BadRequest> cases)
    {
        foreach (var (name, (_, problem)) in BadAudioFiles.Cases)
        {
            // An empty body is refused before any decoding, in the endpoint's own words.
            cases["upload-" + name] = new(HttpStatusCode.BadRequest, name == "zero-length" ? "The body is empty" : problem, (_, c) => OnSpeechSession(c, async id =>
            {
                string dir = Directory.CreateTempSubdirectory("streamlip-upload-").FullName;
                try
                {
                    byte[] bytes = await File.ReadAllBytesAsync(BadAudioFiles.Write(name, dir));
                    return await c.PostAsync($"/api/sessions/{id}/audio", new ByteArrayContent(bytes));
                }
                finally
                {
                    Directory.Delete(dir, recursive: true);
                }
            }));
        }

        return cases;
    }

    // Starts a session without a microphone, sends the bad request to it, stops it.
    private static async Task<HttpResponseMessage> OnSpeechSession(HttpClient client, Func<string, Task<HttpResponseMessage>> send)
    {
        using var created = await client.PostAsJsonAsync("/api/sessions", new { microphone = false });
        created.EnsureSuccessStatusCode();
        string id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        try
        {
            return await send(id);
        }
        finally
        {
            await client.DeleteAsync($"/api/sessions/{id}");
        }
    }

    private static Task<HttpResponseMessage> Json(HttpClient client, string path, string body) =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    // Starts a session, sends the bad request to it, stops it (the health check then expects none left).
    private static async Task<HttpResponseMessage> OnLiveSession(HttpClient client, Func<string, Task<HttpResponseMessage>> send)
    {
        using var offer = await Sdp.PostOfferAsync(client);
        offer.EnsureSuccessStatusCode();
        string id = (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
        try
        {
            return await send(id);
        }
        finally
        {
            await client.DeleteAsync($"/api/webrtc/{id}");
        }
    }
}
