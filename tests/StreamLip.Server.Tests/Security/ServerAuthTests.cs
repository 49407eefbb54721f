using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using StreamLip.Server.Security;

namespace StreamLip.Server.Tests.Security;

/// <summary>Authentication on the whole server: what is guarded, what is public, the generated key and its banner.</summary>
[Collection(ServerCollection.Name)]
public sealed partial class ServerAuthTests(AvatarFixture avatars) : IDisposable
{
    private readonly ServerFactory _factory = new(avatars) { ClientToken = null };

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("GET", "/api/avatars")]
    [InlineData("GET", "/api/stats")]
    [InlineData("POST", "/api/webrtc/offer")]
    [InlineData("DELETE", "/api/webrtc/abc")]
    [InlineData("POST", "/hub/negotiate?negotiateVersion=1")]
    [InlineData("GET", "/metrics")]
    public async Task Control_signalling_and_metrics_refuse_a_missing_or_wrong_key(string method, string path)
    {
        using var client = _factory.CreateClient();

        using var none = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        using var wrong = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key-0123456789") } });

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Bearer", wrong.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Empty(_factory.Transports.Created);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/app.js")]
    [InlineData("/app.css")]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task The_page_and_the_probes_are_public(string path)
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_right_key_as_header_or_query_token_gets_in()
    {
        using var client = _factory.CreateClient();

        using var header = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/avatars") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", ServerFactory.ApiKey) } });
        using var query = await client.GetAsync($"/api/avatars?access_token={ServerFactory.ApiKey}");

        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
    }

    [Fact]
    public async Task The_hub_takes_the_key_as_access_token_and_refuses_a_connection_without()
    {
        await using var hub = await SignalRJsonClient.ConnectAsync(_factory.Server);
        var completion = await hub.InvokeAsync("Offer", Sdp.Offer, null);
        Assert.True(completion.TryGetProperty("result", out _), completion.ToString());

        await Assert.ThrowsAnyAsync<Exception>(() => SignalRJsonClient.ConnectAsync(_factory.Server, token: null));
        await Assert.ThrowsAnyAsync<Exception>(() => SignalRJsonClient.ConnectAsync(_factory.Server, token: "wrong-key-0123456789abcdef"));
    }

    [Fact]
    public async Task A_viewer_token_cannot_control_its_session()
    {
        using var control = _factory.CreateClient();
        control.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerFactory.ApiKey);
        using var offer = await Sdp.PostOfferAsync(control);
        string id = (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
        string token = _factory.Services.GetRequiredService<ViewerTokens>().Issue(id);
        using var viewer = _factory.CreateClient();
        viewer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var stop = await viewer.DeleteAsync($"/api/webrtc/{id}");
        using var stats = await viewer.GetAsync("/api/stats");
        using var another = await Sdp.PostOfferAsync(viewer);

        Assert.Equal(HttpStatusCode.Forbidden, stop.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stats.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, another.StatusCode);
        Assert.False(Assert.Single(_factory.Transports.Created).Disposed);
    }

    [Fact]
    public async Task Keys_from_STREAMLIP_API_KEYS_are_accepted_beside_the_configured_ones()
    {
        using var factory = new ServerFactory(avatars, new Dictionary<string, string?> { ["STREAMLIP_API_KEYS"] = " env-key-one-0123456789abcdef , env-key-two-0123456789abcdef" }) { ClientToken = "env-key-two-0123456789abcdef" };
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/avatars")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerFactory.ApiKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/avatars")).StatusCode);
        Assert.DoesNotContain("env-key", factory.Banner.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_configured_keys_the_server_makes_one_and_prints_the_page_url_with_it()
    {
        using var factory = new ServerFactory(avatars) { ConfigureApiKey = false, ClientToken = null };
        using var client = factory.CreateClient();

        var match = PageUrl().Match(factory.Banner.ToString());
        Assert.True(match.Success, factory.Banner.ToString());
        string key = match.Groups["key"].Value;
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/avatars")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/avatars")).StatusCode);
        Assert.Contains(factory.Logs.Lines, l => l.Id.Id == 402);
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Message.Contains(key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("a key with spaces in it 0123456789")]
    public void A_short_or_spaced_key_is_refused_at_start_with_the_setting_named(string key)
    {
        var options = new StreamLip.Server.Options.ServerOptions { ModelPath = "/", AvatarsDirectory = "/" };
        options.Auth.ApiKeys.Add(key);

        var result = new StreamLip.Server.Options.ServerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("StreamLip:Auth:ApiKeys", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "k", "http://127.0.0.1:8080/?token=k")]
    [InlineData("http://0.0.0.0:5000", "k", "http://localhost:5000/?token=k")]
    [InlineData("http://[::]:5000", null, "http://localhost:5000/")]
    [InlineData("http://+:80", "a b", "http://localhost/?token=a%20b")]
    public void The_printed_url_opens_the_page_on_a_reachable_host(string address, string? token, string expected) =>
        Assert.Equal(expected, StreamLip.Server.Hosting.StartupBanner.PageUrl(address, token));

    [GeneratedRegex(@"http://[^/\s]+/\?token=(?<key>[0-9a-f]{48})")]
    private static partial Regex PageUrl();
}
