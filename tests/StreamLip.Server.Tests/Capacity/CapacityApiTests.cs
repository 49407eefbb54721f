using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StreamLip.Realtime.Capacity;
using StreamLip.Server.Tests.Observability;
using StreamLip.Server.Tests.Sessions;
using StreamLip.Tests.Shared.Capacity;

using static StreamLip.Server.Tests.Capacity.CapacityProbe;

namespace StreamLip.Server.Tests.Capacity;

/// <summary>
/// The real server with admission by headroom: with a small configured capacity (only this process's measured CPU counts,
/// so the machine's other load does not decide) it admits while its headroom allows, refuses the next with 429 and keeps
/// the admitted at 25 fps; under a CPU hog (scripted readings) it degrades them newest first, one step at a time.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class CapacityApiTests(AvatarFixture avatars)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static Dictionary<string, string?> Settings(double cores, double sessionCores, bool degrade) => new()
    {
        ["StreamLip:MaxSessions"] = "8",
        ["StreamLip:Capacity:Enabled"] = "true",
        ["StreamLip:Capacity:Cores"] = cores.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["StreamLip:Capacity:TargetUtilization"] = "1",
        ["StreamLip:Capacity:SessionCores"] = sessionCores.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["StreamLip:Capacity:CountOtherProcesses"] = "false",
        ["StreamLip:Capacity:Degrade"] = degrade ? "true" : "false",
        ["StreamLip:Capacity:SampleMs"] = "500",
    };

    [Fact]
    public async Task A_small_node_admits_while_its_headroom_allows_then_answers_429_and_the_admitted_keep_25_fps()
    {
        // 1.2 cores at ≥ 0.4 a session: at most three fit, two whenever this process itself uses under 0.4 (smoothed).
        using var factory = new ServerFactory(avatars, Settings(cores: 1.2, sessionCores: 0.4, degrade: false));
        using var client = factory.CreateClient();
        await WaitForAsync(client, s => s.GetProperty("capacity").GetProperty("headroomSessions").GetInt32() >= 2, "headroom for two sessions");

        var admitted = new List<string>();
        HttpResponseMessage? refused = null;
        while (refused is null && admitted.Count < 8)
        {
            var response = await Sdp.PostOfferAsync(client);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                admitted.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!);
                response.Dispose();
            }
            else
            {
                refused = response;
            }
        }

        using (refused)
        {
            string detail = await refused!.Content.ReadAsStringAsync();
            Assert.True(admitted.Count is >= 2 and <= 3, $"{admitted.Count} admitted, then: {detail}");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("no headroom for another session", detail, StringComparison.Ordinal);
            Assert.Contains("StreamLip:Capacity:Cores 1.2", detail, StringComparison.Ordinal);
            Assert.NotNull(refused!.Headers.RetryAfter);
        }

        // The admitted ones run at full rate: 25 frames a second go out, none thinned, none late.
        var before = await SessionsAsync(client);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var after = await SessionsAsync(client);
        double seconds = clock.Elapsed.TotalSeconds;
        var capacity = (await StatsAsync(client)).GetProperty("capacity");
        Assert.Equal(admitted.Count, capacity.GetProperty("sessions").GetInt32());
        // The figure moves with what is measured, but n sessions at ≥ 0.4 cores leave room for at most 3 − n.
        Assert.InRange(capacity.GetProperty("headroomSessions").GetInt32(), 0, 3 - admitted.Count);
        foreach (string id in admitted)
        {
            double fps = (after[id].GetProperty("framesSent").GetInt64() - before[id].GetProperty("framesSent").GetInt64()) / seconds;
            Assert.InRange(fps, 20, 27);
            Assert.Equal(25, after[id].GetProperty("frameRate").GetDouble());
            Assert.Equal(0, after[id].GetProperty("framesThinned").GetInt64());
        }

        var (types, samples) = MetricsTests.Parse(await client.GetStringAsync("/metrics"));
        Assert.Equal("gauge", types["streamlip_capacity_headroom_sessions"]);
        Assert.InRange(samples["streamlip_capacity_headroom_sessions"], 0, 3 - admitted.Count);
        Assert.True(samples["streamlip_sessions_refused_headroom_total"] >= 1);
    }

    [Fact]
    public async Task A_cpu_hog_makes_the_sessions_degrade_newest_first_one_at_a_time_with_their_voice_and_come_back_oldest_first()
    {
        // The real server and sessions; the CPU readings scripted (this machine's load is not the test's to decide):
        // the process uses 0.3 cores, then a hog beside it takes what is left of the two.
        var cpu = new ScriptedCpuMeter(TimeProvider.System) { ProcessCores = 0.3 };
        var settings = Settings(cores: 2, sessionCores: 0.1, degrade: true);
        settings["StreamLip:Capacity:CountOtherProcesses"] = "true";
        using var factory = new ServerFactory(avatars, settings) { MoreServices = s => s.AddSingleton<ICpuMeter>(cpu) };
        using var client = factory.CreateClient();
        var ids = await OpenSessionsAsync(client, 3);

        cpu.OtherCores = 1.8;
        var seen = new List<string>();
        await WaitForAsync(client, s => Pattern(s, ids, seen) == "DDD", "every session degraded");

        // Newest first, then the next, then the oldest (what each poll saw, in order; a slow poll may miss a step); the
        // times show one step at a time (two 500 ms windows apart).
        string[] order = ["---", "--D", "-DD", "DDD"];
        Assert.All(seen, p => Assert.Contains(p, order));
        Assert.Equal(seen.OrderBy(p => Array.IndexOf(order, p)), seen);
        var sessions = await SessionsAsync(client);
        var at = ids.Select(id => sessions[id].GetProperty("degradedAt").GetDateTimeOffset()).ToArray();
        Assert.True(at[1] - at[2] >= TimeSpan.FromMilliseconds(400) && at[0] - at[1] >= TimeSpan.FromMilliseconds(400), $"degraded at {string.Join(", ", at)}");
        var capacity = (await StatsAsync(client)).GetProperty("capacity");
        Assert.True(capacity.GetProperty("overloaded").GetBoolean());
        Assert.Contains("the CPU is full", capacity.GetProperty("overloadReason").GetString(), StringComparison.Ordinal);
        using (var refused = await Sdp.PostOfferAsync(client))
        {
            await SignallingApiTests.AssertProblem(refused, HttpStatusCode.TooManyRequests, "overloaded");
        }

        // Readiness says so too (a load balancer, the cluster's placement): 503, capacity 0.
        using (var ready = await client.GetAsync("/readyz"))
        {
            var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(0, body.GetProperty("capacity").GetInt32());
            Assert.Contains("no headroom for another session", body.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        // A degraded session sends half its pictures and every slot's voice.
        var newest = factory.Transports.Created.ElementAt(2);
        var stats = sessions[ids[2]];
        Assert.Equal(12.5, stats.GetProperty("frameRate").GetDouble());
        long thinned = stats.GetProperty("framesThinned").GetInt64();
        long sent = stats.GetProperty("framesSent").GetInt64();
        Assert.True(thinned > 10, $"{thinned} frames thinned");
        Assert.True(newest.AudioPushes >= sent + thinned - 5, $"{newest.AudioPushes} audio pushes for {sent + thinned} slots");
        Assert.True(newest.VideoPushes <= sent + 5, $"{newest.VideoPushes} video pushes for {sent} frames sent");
        var (_, samples) = MetricsTests.Parse(await client.GetStringAsync("/metrics"));
        Assert.True(samples["streamlip_sessions_degraded_total"] >= 3);
        Assert.Equal(1, samples["streamlip_capacity_overloaded"]);
        // Logged just after each change (the stats may show it a moment before).
        Assert.True(SpinWait.SpinUntil(() => factory.Logs.Lines.Count(l => l.Id.Id == 204) >= 3, Timeout), "three sessions degraded, not logged");
        var degradedLog = factory.Logs.Lines.Where(l => l.Id.Id == 204).Select(l => l.Message).ToList();
        Assert.Equal(ids.AsEnumerable().Reverse().Select(id => $"Session {id} dropped to 12.5 fps"), degradedLog.Select(m => m[..(m.IndexOf(" fps", StringComparison.Ordinal) + 4)]));
        Assert.All(degradedLog, m => Assert.Contains("the CPU is full", m, StringComparison.Ordinal));

        // The hog gone, the oldest comes back first.
        cpu.OtherCores = 0;
        seen.Clear();
        await WaitForAsync(client, s => Pattern(s, ids, seen) != "DDD", "a session restored");
        Assert.Equal("-DD", seen[^1]);
        using (var ready = await client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode); // still shedding: two sessions degraded
        }

        Assert.True(SpinWait.SpinUntil(() => factory.Logs.Lines.Any(l => l.Id.Id == 205), Timeout), "the restored session was not logged");
        Assert.Contains(factory.Logs.Lines, l => l.Id.Id == 205 && l.Message == $"Session {ids[0]} back to 25 fps: the load has gone");
    }

    [Fact]
    public async Task Switched_off_only_max_sessions_limits_and_stats_show_no_capacity()
    {
        // The factory's default: Capacity:Enabled false. A floor of 16 cores a session would refuse the first one if
        // admission by headroom were on.
        using var factory = new ServerFactory(avatars, new Dictionary<string, string?> { ["StreamLip:MaxSessions"] = "2", ["StreamLip:Capacity:SessionCores"] = "16" });
        using var client = factory.CreateClient();

        using var first = await Sdp.PostOfferAsync(client);
        using var second = await Sdp.PostOfferAsync(client);
        using var third = await Sdp.PostOfferAsync(client);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        await SignallingApiTests.AssertProblem(third, HttpStatusCode.TooManyRequests, "at most 2 sessions");
        Assert.Equal(JsonValueKind.Null, (await StatsAsync(client)).GetProperty("capacity").ValueKind);
    }

    // As CapacityProbe.Degraded; every distinct pattern is remembered in order.
    private static string Pattern(JsonElement stats, List<string> ids, List<string> seen)
    {
        string pattern = Degraded(stats, ids);
        if (seen.Count == 0 || seen[^1] != pattern)
        {
            seen.Add(pattern);
        }

        return pattern;
    }

    private static async Task<Dictionary<string, JsonElement>> SessionsAsync(HttpClient client) =>
        (await StatsAsync(client)).GetProperty("sessions").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s);
}
