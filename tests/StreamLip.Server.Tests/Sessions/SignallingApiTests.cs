using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace StreamLip.Server.Tests.Sessions;

[Collection(ServerCollection.Name)]
public sealed class SignallingApiTests(AvatarFixture avatars) : IDisposable
{
    private readonly ServerFactory _factory = new(avatars, new Dictionary<string, string?> { ["StreamLip:MaxSessions"] = "2" });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task An_offer_starts_a_session_that_answers_takes_candidates_and_stops()
    {
        using var client = _factory.CreateClient();

        using var response = await Sdp.PostOfferAsync(client);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        string id = body.GetProperty("sessionId").GetString()!;
        var transport = Assert.Single(_factory.Transports.Created);

        Assert.StartsWith("v=0", body.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal(Sdp.Offer, transport.Offer);
        Assert.Equal(Sdp.Offer, _factory.Transports.LastRequest!.OfferSdp); // the codec can be chosen from it before the peer is built
        Assert.Equal((AvatarFixture.Size, AvatarFixture.Size, 25), (_factory.Transports.LastRequest!.Width, _factory.Transports.LastRequest.Height, _factory.Transports.LastRequest.Fps));

        using var candidate = await client.PostAsJsonAsync($"/api/webrtc/{id}/candidate", new { candidate = "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMLineIndex = 0 });
        Assert.Equal(HttpStatusCode.NoContent, candidate.StatusCode);
        Assert.Equal(0, Assert.Single(transport.RemoteCandidates).SdpMLineIndex);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/webrtc/{id}")).StatusCode);
        Assert.True(transport.Disposed);
        await AssertProblem(await client.DeleteAsync($"/api/webrtc/{id}"), HttpStatusCode.NotFound, "No session");
    }

    [Fact]
    public async Task Bad_json_is_a_400_that_says_so()
    {
        using var client = _factory.CreateClient();

        using var response = await client.PostAsync("/api/webrtc/offer", new StringContent("{\"sdp\": \"v=0", Encoding.UTF8, "application/json"));

        await AssertProblem(response, HttpStatusCode.BadRequest, "not valid JSON");
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415()
    {
        using var client = _factory.CreateClient();

        using var response = await client.PostAsync("/api/webrtc/offer", new StringContent(Sdp.Offer, Encoding.UTF8, "application/sdp"));

        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType, "application/json");
    }

    [Theory]
    [InlineData(null, "no SDP")]
    [InlineData("", "no SDP")]
    [InlineData("hello", "not SDP")]
    public async Task An_empty_or_non_sdp_offer_is_a_400_with_the_reason(string? sdp, string reason)
    {
        using var client = _factory.CreateClient();

        await AssertProblem(await Sdp.PostOfferAsync(client, sdp), HttpStatusCode.BadRequest, reason);
        Assert.Empty(_factory.Transports.Created);
    }

    [Fact]
    public async Task An_sdp_over_the_limit_is_a_413_that_names_the_setting()
    {
        using var client = _factory.CreateClient();

        using var response = await Sdp.PostOfferAsync(client, Sdp.OfSize((64 * 1024) + 1));

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "65537 bytes; at most 65536", "MaxSdpBytes");
        Assert.Empty(_factory.Transports.Created);
    }

    [Fact]
    public async Task A_body_over_the_request_limit_is_a_413_that_names_the_setting()
    {
        using var client = _factory.CreateClient();

        using var response = await Sdp.PostOfferAsync(client, Sdp.OfSize(200 * 1024));

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge, "MaxRequestBodyBytes");
    }

    [Fact]
    public async Task Beyond_max_sessions_offers_get_a_429_with_retry_after()
    {
        using var client = _factory.CreateClient();
        using var first = await Sdp.PostOfferAsync(client);
        using var second = await Sdp.PostOfferAsync(client);

        using var third = await Sdp.PostOfferAsync(client);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await AssertProblem(third, HttpStatusCode.TooManyRequests, "at most 2 sessions");
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.True(_factory.Transports.Created.Last().Disposed);

        // A place frees when a session stops.
        string? id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();
        await client.DeleteAsync($"/api/webrtc/{id}");
        using var fourth = await Sdp.PostOfferAsync(client);
        Assert.Equal(HttpStatusCode.OK, fourth.StatusCode);
    }

    [Theory]
    [InlineData("nobody")]
    [InlineData("../tester")]
    public async Task An_unknown_avatar_is_a_404_that_lists_the_known_ones(string avatar)
    {
        using var client = _factory.CreateClient();

        await AssertProblem(await Sdp.PostOfferAsync(client, avatar: avatar), HttpStatusCode.NotFound, "Available: tester");
    }

    [Fact]
    public async Task Candidates_for_unknown_sessions_or_without_a_line_are_refused()
    {
        using var client = _factory.CreateClient();
        using var offer = await Sdp.PostOfferAsync(client);
        string? id = (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();

        await AssertProblem(await client.PostAsJsonAsync("/api/webrtc/nope/candidate", new { candidate = "candidate:1", sdpMLineIndex = 0 }), HttpStatusCode.NotFound, "No session 'nope'");
        await AssertProblem(await client.PostAsJsonAsync($"/api/webrtc/{id}/candidate", new { sdpMLineIndex = 0 }), HttpStatusCode.BadRequest, "non-empty 'candidate'");
    }

    internal static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, params string[] fragments)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        string? detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, detail, StringComparison.Ordinal);
        }
    }
}
