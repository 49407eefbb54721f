using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using StreamLip.Server.Tests.Sessions;

namespace StreamLip.Server.Tests.Security;

[Collection(ServerCollection.Name)]
public sealed class SessionQuotaTests(AvatarFixture avatars) : IDisposable
{
    private const string OtherKey = "second-test-key-0123456789abcdef";

    private readonly ServerFactory _factory = new(avatars, new Dictionary<string, string?>
    {
        ["StreamLip:MaxSessions"] = "3",
        ["StreamLip:Auth:MaxSessionsPerKey"] = "1",
        ["StreamLip:Auth:ApiKeys:1"] = OtherKey,
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task One_key_gets_at_most_its_share_with_a_429_that_names_the_setting_and_others_still_get_in()
    {
        using var first = _factory.CreateClient();
        using var other = _factory.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OtherKey);

        using var a = await Sdp.PostOfferAsync(first);
        using var refused = await Sdp.PostOfferAsync(first);
        using var b = await Sdp.PostOfferAsync(other);

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        await SignallingApiTests.AssertProblem(refused, HttpStatusCode.TooManyRequests, "StreamLip:Auth:MaxSessionsPerKey = 1");
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.Contains(_factory.Logs.Lines, l => l.Id.Id == 503);

        // The place comes back when the key's session stops.
        string? id = (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await first.DeleteAsync($"/api/webrtc/{id}")).StatusCode);
        using var again = await Sdp.PostOfferAsync(first);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task The_hub_counts_against_the_same_key()
    {
        using var http = _factory.CreateClient();
        using var a = await Sdp.PostOfferAsync(http);
        await using var hub = await SignalRJsonClient.ConnectAsync(_factory.Server);

        var refused = await hub.InvokeAsync("Offer", Sdp.Offer, null);

        Assert.Contains("MaxSessionsPerKey", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_negotiation_gives_the_place_back()
    {
        using var client = _factory.CreateClient();

        using var bad = await Sdp.PostOfferAsync(client, avatar: "nobody");
        using var good = await Sdp.PostOfferAsync(client);

        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }
}
