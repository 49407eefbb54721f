using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StreamLip.Server.Tests.Sessions;

/// <summary>Issue #6 item 4 on the whole server: one session's broken encoder ends that session (logged, gone from the
/// stats); the other session keeps sending at 25 fps on the real clock.</summary>
[Collection(ServerCollection.Name)]
public sealed class SessionFaultTests(AvatarFixture avatars) : IDisposable
{
    private readonly ServerFactory _factory = new(avatars);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_session_whose_transport_throws_ends_alone_and_the_other_keeps_its_frame_rate()
    {
        using var client = _factory.CreateClient();
        string broken = await OfferAsync(client);
        string steady = await OfferAsync(client);
        var transports = _factory.Transports.Created.ToArray();
        Assert.Equal(2, transports.Length);
        await Task.Delay(500);

        transports[0].FailPushes = true;
        var watch = Stopwatch.StartNew();
        while (SessionIds(await client.GetFromJsonAsync<JsonElement>("/api/stats")).Contains(broken) && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        // The broken session is gone, logged as failed with the cause, and its transport closed.
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/stats");
        Assert.Equal([steady], SessionIds(stats));
        Assert.True(SpinWait.SpinUntil(() => transports[0].Disposed, TimeSpan.FromSeconds(10)));
        Assert.Contains(_factory.Logs.Lines, e => e.Id.Id == 203 && e.Message.Contains(broken, StringComparison.Ordinal) && e.Message.Contains("IOException: injected push failure", StringComparison.Ordinal));

        // The steady one keeps 25 fps: frames counted over 2 s of real time (slack for a busy 2-core machine).
        int before = transports[1].VideoPushes;
        var clock = Stopwatch.StartNew();
        await Task.Delay(2000);
        int sent = transports[1].VideoPushes - before;
        double expected = clock.Elapsed.TotalSeconds * 25;
        Assert.True(sent >= expected - 5 && sent <= expected + 4, $"{sent} frames in {clock.Elapsed.TotalSeconds:F2} s");
        Assert.False(transports[1].Disposed);
        using var health = await client.GetAsync("/healthz");
        health.EnsureSuccessStatusCode();
    }

    private static async Task<string> OfferAsync(HttpClient client)
    {
        using var offer = await Sdp.PostOfferAsync(client);
        offer.EnsureSuccessStatusCode();
        return (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
    }

    private static List<string> SessionIds(JsonElement stats) =>
        [.. stats.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];
}
