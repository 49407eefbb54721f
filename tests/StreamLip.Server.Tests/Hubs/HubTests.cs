using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Server.Tests.Hubs;

[Collection(ServerCollection.Name)]
public sealed class HubTests(AvatarFixture avatars) : IDisposable
{
    private readonly ServerFactory _factory = new(avatars, new Dictionary<string, string?> { ["StreamLip:MaxSessions"] = "1" });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Offer_returns_the_answer_then_stats_arrive_and_stop_ends_the_session()
    {
        _ = _factory.Server;
        await using var hub = await SignalRJsonClient.ConnectAsync(_factory.Server);

        var completion = await hub.InvokeAsync("Offer", Sdp.Offer, new { avatar = AvatarFixture.Name });

        Assert.StartsWith("v=0", completion.GetProperty("result").GetString(), StringComparison.Ordinal);
        var transport = Assert.Single(_factory.Transports.Created);
        var stats = (await hub.NextCallAsync("Stats"))[0];
        Assert.Equal(AvatarFixture.Name, stats.GetProperty("avatar").GetString());
        Assert.InRange(stats.GetProperty("latencyBudgetMs").GetDouble(), 232.5, 312.5); // floor + adaptive margin (20..100 ms)

        var added = await hub.InvokeAsync("AddIceCandidate", "candidate:1 1 udp 1 127.0.0.1 9 typ host", 0);
        Assert.False(added.TryGetProperty("error", out _));
        Assert.Single(transport.RemoteCandidates);

        transport.Candidate(new IceCandidate("candidate:2 1 udp 1 127.0.0.1 10 typ host", 1));
        var trickled = await hub.NextCallAsync("IceCandidate");
        Assert.Equal(1, trickled[1].GetInt32());

        await hub.InvokeAsync("Stop");
        Assert.True(transport.Disposed);
    }

    [Fact]
    public async Task A_full_server_refuses_with_a_clear_error_and_a_closed_page_frees_its_place()
    {
        await using (var first = await SignalRJsonClient.ConnectAsync(_factory.Server))
        {
            Assert.True((await first.InvokeAsync("Offer", Sdp.Offer, null)).TryGetProperty("result", out _));
            await using var second = await SignalRJsonClient.ConnectAsync(_factory.Server);

            var refused = await second.InvokeAsync("Offer", Sdp.Offer, null);

            Assert.Contains("at most 1 sessions", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        // The first page went away: its session stops and a new page gets in.
        await using var third = await SignalRJsonClient.ConnectAsync(_factory.Server);
        var accepted = await third.InvokeAsync("Offer", Sdp.Offer, null);
        for (int i = 0; i < 100 && !accepted.TryGetProperty("result", out _); i++)
        {
            await Task.Delay(50);
            accepted = await third.InvokeAsync("Offer", Sdp.Offer, null);
        }

        Assert.True(accepted.TryGetProperty("result", out _), accepted.ToString());
    }

    [Fact]
    public async Task A_failing_transport_is_reported_to_its_page()
    {
        await using var hub = await SignalRJsonClient.ConnectAsync(_factory.Server);
        await hub.InvokeAsync("Offer", Sdp.Offer, null);

        Assert.Single(_factory.Transports.Created).Fail(new InvalidOperationException("ICE failed"));

        var error = await hub.NextCallAsync("Error");
        Assert.Contains("ICE failed", error[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_offers_and_candidates_without_a_session_are_hub_errors()
    {
        await using var hub = await SignalRJsonClient.ConnectAsync(_factory.Server);

        var bad = await hub.InvokeAsync("Offer", "hello", null);
        var orphan = await hub.InvokeAsync("AddIceCandidate", "candidate:1", 0);

        Assert.Contains("not SDP", bad.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("send an offer first", orphan.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
