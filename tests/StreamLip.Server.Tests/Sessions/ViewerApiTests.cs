using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StreamLip.Server.Hosting;

namespace StreamLip.Server.Tests.Sessions;

[Collection(ServerCollection.Name)]
public sealed class ViewerApiTests(AvatarFixture avatars) : IDisposable
{
    private readonly ServerFactory _factory = new(avatars, new Dictionary<string, string?> { ["StreamLip:MaxViewersPerSession"] = "2" });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_viewer_gets_the_sessions_frames_until_it_leaves()
    {
        using var client = _factory.CreateClient();
        string id = await StartSessionAsync(client);
        var own = Assert.Single(_factory.Transports.Created);

        using var response = await client.PostAsJsonAsync($"/api/sessions/{id}/viewers", new { sdp = Sdp.Offer });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        string viewerId = body.GetProperty("viewerId").GetString()!;
        Assert.StartsWith("v=0", body.GetProperty("answer").GetString(), StringComparison.Ordinal);
        var viewer = _factory.Transports.Created.Last();
        Assert.NotSame(own, viewer);
        Assert.False(_factory.Transports.LastRequest!.ReceiveMicrophone);
        Assert.Equal(Sdp.Offer, _factory.Transports.LastRequest.OfferSdp); // a viewer's codec comes from its own offer
        await WaitForAsync(() => viewer.Video.Count >= 10);
        Assert.Equal(1, Session(id).GetStats().Outputs);

        // The viewer sees what the session's own peer sees, frame for frame, from when it joined.
        var first = viewer.Video[0];
        Assert.Equal(own.Video.Single(v => v.Pts == first.Pts).Bgrx, first.Bgrx);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/sessions/{id}/viewers/{viewerId}")).StatusCode);
        Assert.True(viewer.Disposed);
        Assert.Equal(0, Session(id).GetStats().Outputs);
        await SignallingApiTests.AssertProblem(await client.DeleteAsync($"/api/sessions/{id}/viewers/{viewerId}"), HttpStatusCode.NotFound, "No viewer");
        Assert.False(own.Disposed);
    }

    [Fact]
    public async Task A_session_without_a_peer_can_be_watched()
    {
        using var client = _factory.CreateClient();
        var engine = _factory.Services.GetRequiredService<EngineHost>().Engine;
        var (name, avatar) = _factory.Services.GetRequiredService<StreamLip.Server.Avatars.AvatarCatalog>().Get(null);
        await using var session = engine.StartSession(name, avatar, transport: null);

        using var response = await client.PostAsJsonAsync($"/api/sessions/{session.Id}/viewers", new { sdp = Sdp.Offer });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var viewer = Assert.Single(_factory.Transports.Created);
        await WaitForAsync(() => viewer.Video.Count >= 5);
    }

    [Fact]
    public async Task Viewers_beyond_the_limit_unknown_sessions_and_bad_offers_are_refused_with_reasons()
    {
        using var client = _factory.CreateClient();
        string id = await StartSessionAsync(client);

        for (int i = 0; i < 2; i++)
        {
            (await client.PostAsJsonAsync($"/api/sessions/{id}/viewers", new { sdp = Sdp.Offer })).EnsureSuccessStatusCode();
        }

        await SignallingApiTests.AssertProblem(await client.PostAsJsonAsync($"/api/sessions/{id}/viewers", new { sdp = Sdp.Offer }), HttpStatusCode.TooManyRequests, "MaxViewersPerSession");
        await SignallingApiTests.AssertProblem(await client.PostAsJsonAsync("/api/sessions/nope/viewers", new { sdp = Sdp.Offer }), HttpStatusCode.NotFound, "No session 'nope'");
        await SignallingApiTests.AssertProblem(await client.PostAsJsonAsync($"/api/sessions/{id}/viewers", new { sdp = "hello" }), HttpStatusCode.BadRequest, "not SDP");
        await SignallingApiTests.AssertProblem(await client.PostAsJsonAsync($"/api/sessions/{id}/viewers", new { sdp = Sdp.OfSize(200_000) }), HttpStatusCode.RequestEntityTooLarge, "at most");
        Assert.Equal(3, _factory.Transports.Created.Count); // the refused offers made no peer
    }

    [Fact]
    public async Task Viewers_end_with_their_session()
    {
        using var client = _factory.CreateClient();
        string id = await StartSessionAsync(client);
        (await client.PostAsJsonAsync($"/api/sessions/{id}/viewers", new { sdp = Sdp.Offer })).EnsureSuccessStatusCode();
        var viewer = _factory.Transports.Created.Last();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/webrtc/{id}")).StatusCode);

        Assert.True(viewer.Disposed);
    }

    [Fact]
    public async Task A_viewer_token_opens_and_closes_viewers_of_its_own_session_and_nothing_else()
    {
        using var admin = _factory.CreateClient();
        string id = await StartSessionAsync(admin);
        string other = await StartSessionAsync(admin);
        var tokens = _factory.Services.GetRequiredService<StreamLip.Server.Security.ViewerTokens>();
        string token = tokens.Issue(id);
        tokens.Issue(other);
        using var viewerClient = _factory.CreateClient();
        viewerClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        using var joined = await viewerClient.PostAsJsonAsync($"/api/sessions/{id}/viewers", new { sdp = Sdp.Offer });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        string? viewerId = (await joined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("viewerId").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await viewerClient.DeleteAsync($"/api/sessions/{id}/viewers/{viewerId}")).StatusCode);

        // Another session's viewers, control of its own session, and the rest of the API are not a viewer's.
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.PostAsJsonAsync($"/api/sessions/{other}/viewers", new { sdp = Sdp.Offer })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.DeleteAsync($"/api/webrtc/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerClient.GetAsync("/api/stats")).StatusCode);
        tokens.Revoke(id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await viewerClient.PostAsJsonAsync($"/api/sessions/{id}/viewers", new { sdp = Sdp.Offer })).StatusCode);
        Assert.NotNull(_factory.Services.GetRequiredService<EngineHost>().Engine.Find(id));
    }

    [Fact]
    public async Task The_viewer_page_is_served_at_slash_viewer()
    {
        using var client = _factory.CreateClient();

        string html = await client.GetStringAsync("/viewer?session=x&token=y");

        Assert.Contains("viewer.js", html, StringComparison.Ordinal);
        Assert.Contains("<video id=\"avatar\"", html, StringComparison.Ordinal);
        Assert.Contains("RTCPeerConnection", await client.GetStringAsync("/viewer.js"), StringComparison.Ordinal);
    }

    private Realtime.RealtimeSession Session(string id) => _factory.Services.GetRequiredService<EngineHost>().Engine.Find(id)!;

    private static async Task<string> StartSessionAsync(HttpClient client)
    {
        using var response = await Sdp.PostOfferAsync(client);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition());
    }
}
