using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsCheck;
using StreamLip.Tests.Fuzz;
using Xunit.Abstractions;

namespace StreamLip.Server.Tests.BadInput;

/// <summary>
/// Fuzz property of the JSON request bodies (issue #14 item 5), through the in-process server: a mutant of a valid body
/// for each call that takes one is answered with a success or a problem+json 4xx, never a 5xx, and the server is
/// healthy afterwards. What a mutant starts (a session, a viewer, speech) is stopped again. The stream and
/// virtual-camera calls are left out: a valid mutant would connect to an RTMP server or open a device.
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(ServerCollection.Name)]
public sealed class JsonBodyFuzzTests(BadInputServer server, ITestOutputHelper output) : IClassFixture<BadInputServer>
{
    private static readonly (string Path, string Body)[] Calls =
    [
        ("/api/webrtc/offer", JsonSerializer.Serialize(new { sdp = Sdp.Offer, avatar = AvatarFixture.Name })),
        ("/api/webrtc/{live}/candidate", """{"candidate": "candidate:1 1 udp 2122260223 127.0.0.1 9 typ host", "sdpMLineIndex": 0}"""),
        ("/api/sessions", $$"""{"avatar": "{{AvatarFixture.Name}}", "microphone": false}"""),
        ("/api/sessions/{speech}/speak", """{"text": "Hi.", "voice": "en", "rate": 175}"""),
        ("/api/sessions/{speech}/viewers", JsonSerializer.Serialize(new { sdp = Sdp.Offer })),
    ];

    [Fact]
    public async Task Any_body_gets_a_success_or_a_problem_4xx_and_the_server_stays_healthy()
    {
        using var client = server.Factory.CreateClient();
        string live = await CreateAsync(client, "/api/webrtc/offer", Calls[0].Body, "sessionId");
        string speech = await CreateAsync(client, "/api/sessions", Calls[2].Body, "id");
        var bodies = Calls.Select(c => Mutations.OfText(c.Body)).ToArray();
        var inputs =
            from call in Gen.Int[0, Calls.Length - 1]
            from body in bodies[call]
            select (call, body);

        await FuzzProperty.CheckAsync(
            output,
            cases: 1000,
            inputs,
            async (c, cancel) =>
            {
                string path = Calls[c.call].Path.Replace("{live}", live, StringComparison.Ordinal).Replace("{speech}", speech, StringComparison.Ordinal);
                using var response = await client.PostAsync(path, new StringContent(c.body, Encoding.UTF8, "application/json"), cancel);
                string answer = await response.Content.ReadAsStringAsync(cancel);
                Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {path}: {answer}");
                if (!response.IsSuccessStatusCode)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
                else
                {
                    await StopAsync(client, c.call, path, answer);
                }

                return $"{(int)response.StatusCode} {path[(path.LastIndexOf('/') + 1)..]}";
            },
            c => $"POST {Calls[c.call].Path} {FuzzProperty.Literal(c.body)}");

        await client.DeleteAsync($"/api/webrtc/{live}");
        await client.DeleteAsync($"/api/sessions/{speech}");
        await server.AssertHealthyAsync(client);
    }

    private static async Task<string> CreateAsync(HttpClient client, string path, string body, string idProperty)
    {
        using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty(idProperty).GetString()!;
    }

    // Undoes what a successful call started, so that the sessions limit is never reached.
    private static async Task StopAsync(HttpClient client, int call, string path, string answer)
    {
        var body = answer.Length > 0 ? JsonDocument.Parse(answer).RootElement : default;
        using var stopped = call switch
        {
            0 => await client.DeleteAsync($"/api/webrtc/{body.GetProperty("sessionId").GetString()}"),
            2 => await client.DeleteAsync($"/api/sessions/{body.GetProperty("id").GetString()}"),
            3 => await client.PostAsync(path.Replace("/speak", "/interrupt", StringComparison.Ordinal), null),
            4 => await client.DeleteAsync($"{path}/{body.GetProperty("viewerId").GetString()}"),
            _ => null,
        };
        Assert.True(stopped is null || stopped.IsSuccessStatusCode, $"undoing {path}: {stopped?.StatusCode}");
    }
}
