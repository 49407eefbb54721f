using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace StreamLip.Server.Tests.Hosting;

[Collection(ServerCollection.Name)]
public sealed class HostTests(AvatarFixture avatars) : IDisposable
{
    private readonly ServerFactory _factory = new(avatars);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Healthz_says_ok_with_the_session_count_and_limit()
    {
        using var client = _factory.CreateClient();

        var health = await client.GetFromJsonAsync<JsonElement>("/healthz");

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(0, health.GetProperty("activeSessions").GetInt32());
        Assert.Equal(16, health.GetProperty("maxSessions").GetInt32());
    }

    [Fact]
    public async Task The_page_is_served_at_the_root_with_its_script_and_the_signalr_client()
    {
        using var client = _factory.CreateClient();

        string index = await client.GetStringAsync("/");
        var script = await client.GetAsync("/app.js");
        var signalr = await client.GetAsync("/lib/signalr.min.js");

        Assert.Contains("<video id=\"avatar\" autoplay playsinline", index, StringComparison.Ordinal);
        Assert.Contains("/lib/signalr.min.js", index, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("window.streamlip", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, signalr.StatusCode);
        Assert.Contains("HubConnectionBuilder", await signalr.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/package.json")]
    [InlineData("/package-lock.json")]
    [InlineData("/node_modules/@microsoft/signalr/package.json")]
    public async Task What_npm_put_beside_the_page_is_not_served(string path)
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Avatars_lists_the_built_ones_and_the_default()
    {
        using var client = _factory.CreateClient();

        var body = await client.GetFromJsonAsync<JsonElement>("/api/avatars");

        Assert.Equal(AvatarFixture.Name, body.GetProperty("default").GetString());
        Assert.Equal([AvatarFixture.Name], body.GetProperty("avatars").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Stats_describe_the_engine_the_model_and_each_session()
    {
        using var client = _factory.CreateClient();
        using var offer = await Sdp.PostOfferAsync(client);
        string? id = (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();

        var stats = await client.GetFromJsonAsync<JsonElement>("/api/stats");

        var engine = stats.GetProperty("engine");
        Assert.EndsWith("streamlip-test-96.onnx", engine.GetProperty("model").GetString(), StringComparison.Ordinal);
        Assert.Equal(96, engine.GetProperty("faceSize").GetInt32());
        Assert.Equal("haar", engine.GetProperty("faceFraming").GetString());
        Assert.Equal(1, engine.GetProperty("activeSessions").GetInt32());
        // AdaptiveMargin (the default): D = the 212.5 ms window floor + what frames needed (+ 20 ms), at most the 100 ms cap.
        Assert.InRange(engine.GetProperty("latencyBudgetMs").GetDouble(), 232.5, 312.5);
        Assert.True(engine.TryGetProperty("marginNeededP99Ms", out _));
        var session = Assert.Single(stats.GetProperty("sessions").EnumerateArray());
        Assert.Equal(id, session.GetProperty("id").GetString());
        Assert.InRange(session.GetProperty("latencyBudgetMs").GetDouble(), 232.5, 312.5);
        Assert.Equal(AvatarFixture.Name, session.GetProperty("avatar").GetString());
        foreach (string? name in new[] { "framesDue", "framesSent", "framesLate", "delayP50Ms", "delayP95Ms", "avOffsetMs", "audioChunksDropped" })
        {
            Assert.True(session.TryGetProperty(name, out _), name);
        }

        Assert.True(stats.GetProperty("batcher").TryGetProperty("batchSizes", out _));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/webrtc/{id}")).StatusCode);
    }
}
