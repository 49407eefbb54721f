using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StreamLip.Cli.Tests.Infrastructure;
using StreamLip.Media;
using StreamLip.Media.WebRtc;
using static StreamLip.Cli.Tests.Cluster.ClusterProbe;
using Xunit.Abstractions;

namespace StreamLip.Cli.Tests.Cluster;

/// <summary>
/// A cluster as a user runs one: Redis and three <c>streamlip serve</c> processes on 127.0.0.1–3, real WebRTC clients
/// (the load harness's light clients) starting sessions through different nodes. Placement follows the slots; a
/// session made through one node and run by another streams 25 fps and is controlled from anywhere; <c>kill -9</c> of
/// a node is detected within 10 s while the others' sessions keep their frames on time, and no session goes to the
/// dead node; a Redis outage leaves the media alone; SIGTERM drains a node at once.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[Collection(Name)]
public sealed class ClusterTests(ITestOutputHelper output)
{
    /// <summary>Alone: three servers and their clients measure frame timing, which the other tests' load would disturb.</summary>
    public const string Name = "Cluster";

    private static readonly TimeSpan Detection = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Three_nodes_place_by_slots_stream_across_nodes_and_survive_a_kill_a_redis_outage_and_a_drain()
    {
        GStreamerRuntime.EnsureInitialized();
        using var redis = new RedisProcess();
        await redis.StartAsync();
        ServeProcess[] nodes = [];
        var clients = new List<(BrowserLikeClient Client, string Id)>();
        try
        {
            // Slots 1, 2, 1: four sessions fill the cluster.
            int[] slots = [1, 2, 1];
            nodes = await StartNodesAsync(redis, [.. slots.Select(n => new[] { $"--StreamLip:Cluster:Slots={n}" })]);

            var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
            await UntilAsync(async () => (await ClusterAsync(a)) is { } v && Active(v) == 3 && v.GetProperty("freeSlots").GetInt32() == 4, TimeSpan.FromSeconds(60), "the three nodes join, each with its report");

            // Placement follows the slots, whichever node a client comes in through; a full cluster answers 429.
            foreach (var front in new[] { a, b, a, c })
            {
                clients.Add(await ConnectAsync(front));
            }

            var owners = new Dictionary<string, ServeProcess>();
            foreach (var (_, id) in clients)
            {
                owners[id] = await OwnerAsync(nodes, id);
            }

            Assert.Equal([1, 2, 1], nodes.Select(n => owners.Values.Count(o => o == n)));
            using (var full = await PostOfferAsync(b, await LightClient().CreateOfferAsync(waitForCandidates: true)))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, full.StatusCode);
                Assert.True(full.Headers.RetryAfter is not null, "a full cluster's 429 carries Retry-After");
            }

            // Every client, its session on its front door's node or another, gets 25 fps.
            double[] fps = await FpsAsync(clients, TimeSpan.FromSeconds(4));
            output.WriteLine($"fps per client: {string.Join(", ", fps.Select(f => f.ToString("F1")))}");
            Assert.All(fps, f => Assert.InRange(f, 22.5, 27.5));

            // Control from a node that does not run the session: state, then stop (b's two sessions, through a).
            string onB = owners.First(o => o.Value == b).Key;
            using (var info = await a.Client.GetAsync($"/api/sessions/{onB}"))
            {
                Assert.Equal(HttpStatusCode.OK, info.StatusCode);
                Assert.Equal(onB, (await info.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stats").GetProperty("id").GetString());
            }

            foreach (string? id in owners.Where(o => o.Value == b).Select(o => o.Key).ToList())
            {
                Assert.Equal(HttpStatusCode.NoContent, (await a.Client.DeleteAsync($"/api/webrtc/{id}")).StatusCode);
                Remove(clients, id);
            }

            await UntilAsync(async () => (await SessionsAsync(b)).Count == 0, TimeSpan.FromSeconds(10), "b's sessions stop");

            // kill -9 of b (two free slots, the freest node): detected, and the others' sessions keep every frame on time.
            var before = await LateAsync([a, c]);
            await UntilAsync(async () => (await ClusterAsync(a)) is { } v && v.GetProperty("freeSlots").GetInt32() == 2, TimeSpan.FromSeconds(10), "a sees b's free slots");
            var watch = Stopwatch.StartNew();
            long[] framesBefore = clients.Select(x => x.Client.Frames).ToArray();
            b.Kill();
            await UntilAsync(async () => (await ClusterAsync(a)) is { } v && Active(v) == 2, TimeSpan.FromSeconds(30), "b is declared dead");
            TimeSpan detected = watch.Elapsed;
            var after = await LateAsync([a, c]);
            double keptFps = clients.Select((x, i) => (x.Client.Frames - framesBefore[i]) / watch.Elapsed.TotalSeconds).Min();
            output.WriteLine($"kill -9: declared dead after {detected.TotalSeconds:F1} s; the others' late frames {after.Late - before.Late} of {after.Due - before.Due} due; clients' fps meanwhile ≥ {keptFps:F1}");
            Assert.True(detected <= Detection, $"b was declared dead after {detected.TotalSeconds:F1} s (target ≤ {Detection.TotalSeconds} s)");
            Assert.True(after.Late - before.Late <= Math.Max(1, (after.Due - before.Due) / 100), $"the other nodes' sessions sent {after.Late - before.Late} of {after.Due - before.Due} frames late while b died");
            Assert.True(keptFps > 22, $"a client got {keptFps:F1} fps while b died");

            // The survivors' sessions are still theirs, reached from either node (a dead node's share of the grain
            // directory is recovered, not lost with it: a lost entry made a live session answer "Session lost").
            foreach (var (_, id) in clients)
            {
                foreach (var front in new[] { a, c })
                {
                    using var info = await front.Client.GetAsync($"/api/sessions/{id}");
                    Assert.True(info.StatusCode == HttpStatusCode.OK, $"session {id} (run by {owners[id].Client.BaseAddress}) through {front.Client.BaseAddress} after b died: {(int)info.StatusCode} {await info.Content.ReadAsStringAsync()}");
                }
            }

            // The dead node gets nothing: with a full and b dead, a new session goes to c (once its own one stops).
            string onC = owners.First(o => o.Value == c).Key;
            Assert.Equal(HttpStatusCode.NoContent, (await a.Client.DeleteAsync($"/api/webrtc/{onC}")).StatusCode);
            Remove(clients, onC);
            await UntilAsync(async () => (await ClusterAsync(a)) is { } v && v.GetProperty("freeSlots").GetInt32() == 1, TimeSpan.FromSeconds(10), "a sees c's free slot");
            var fresh = await ConnectAsync(a);
            clients.Add(fresh);
            Assert.Same(c, await OwnerAsync([a, c], fresh.Id));

            // Redis away for 10 s: the media goes on; control across nodes goes on (it is Orleans', node to node).
            framesBefore = [.. clients.Select(x => x.Client.Frames)];
            watch.Restart();
            redis.Kill();
            await Task.Delay(TimeSpan.FromSeconds(10));
            using (var info = await a.Client.GetAsync($"/api/sessions/{fresh.Id}"))
            {
                Assert.Equal(HttpStatusCode.OK, info.StatusCode);
            }

            double outageFps = clients.Select((x, i) => (x.Client.Frames - framesBefore[i]) / watch.Elapsed.TotalSeconds).Min();
            string? redisError = (await ClusterAsync(a))!.Value.GetProperty("redisError").GetString();
            Assert.False(string.IsNullOrEmpty(redisError), "/api/cluster says Redis does not answer");
            await redis.StartAsync();
            watch.Restart();
            await UntilAsync(async () => (await ClusterAsync(a)) is { } v && v.GetProperty("redisError").ValueKind == JsonValueKind.Null && Active(v) == 2
                && v.GetProperty("nodes").EnumerateArray().All(n => n.GetProperty("status").GetString() != "Active" || n.GetProperty("reportAgeMs").GetInt64() < 1500), TimeSpan.FromSeconds(30), "the reports resume after Redis is back");
            output.WriteLine($"Redis outage 10 s: clients' fps ≥ {outageFps:F1}; /api/cluster said '{redisError}'; reports back {watch.Elapsed.TotalSeconds:F1} s after Redis");
            Assert.True(outageFps > 22, $"a client got {outageFps:F1} fps while Redis was away");

            // SIGTERM drains c: it leaves placement at once (a is full, b dead: the cluster is full) and exits cleanly.
            var term = c.TerminateAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(500);
            using (var drained = await PostOfferAsync(a, await LightClient().CreateOfferAsync(waitForCandidates: true)))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, drained.StatusCode);
            }

            int? code = await term;
            output.WriteLine($"SIGTERM: c exited with {code}");
            Assert.True(code == 0, $"c exited with {code?.ToString() ?? "nothing: it still runs 30 s"} after SIGTERM");
            Assert.Contains("Shutting down: 1 session(s) to end", c.Output, StringComparison.Ordinal);
            Assert.Contains($"Session {fresh.Id} stopped", c.Output, StringComparison.Ordinal);
        }
        finally
        {
            clients.ForEach(x => x.Client.Dispose());
            output.WriteLine(ClusterLines(nodes.Where(n => !n.HasExited)));
            foreach (var n in nodes)
            {
                await n.DisposeAsync();
            }
        }
    }

    private static void Remove(List<(BrowserLikeClient Client, string Id)> clients, string id)
    {
        var x = clients.Single(c => c.Id == id);
        x.Client.Dispose();
        clients.Remove(x);
    }

    // The load harness's light client: pre-encoded Opus (none pushed here), video depayloaded and counted.
    private static BrowserLikeClient LightClient() => BrowserLikeClient.Create(BrowserLikeClientOptions.ForLoad(WebRtcVideoCodec.Vp8, light: true));

    private static async Task<(BrowserLikeClient Client, string Id)> ConnectAsync(ServeProcess front)
    {
        var client = LightClient();
        using var response = await PostOfferAsync(front, await client.CreateOfferAsync(waitForCandidates: true));
        Assert.True(response.IsSuccessStatusCode, $"offer through {front.Client.BaseAddress}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        await client.SetAnswerAsync(body.GetProperty("answer").GetString()!, CancellationToken.None);
        await client.WaitForConnectedAsync(TimeSpan.FromSeconds(20), CancellationToken.None);
        return (client, body.GetProperty("sessionId").GetString()!);
    }

    private static Task<HttpResponseMessage> PostOfferAsync(ServeProcess front, string sdp) =>
        front.Client.PostAsJsonAsync("/api/webrtc/offer", new { sdp });

    private static async Task<(long Late, long Due)> LateAsync(IEnumerable<ServeProcess> nodes)
    {
        long late = 0, due = 0;
        foreach (var n in nodes)
        {
            foreach (var s in await SessionsAsync(n))
            {
                late += s.GetProperty("framesLate").GetInt64() + s.GetProperty("framesMissed").GetInt64();
                due += s.GetProperty("framesDue").GetInt64();
            }
        }

        return (late, due);
    }

    private static async Task<double[]> FpsAsync(List<(BrowserLikeClient Client, string Id)> clients, TimeSpan window)
    {
        long[] start = clients.Select(c => c.Client.Frames).ToArray();
        var watch = Stopwatch.StartNew();
        await Task.Delay(window);
        return [.. clients.Select((c, i) => (c.Client.Frames - start[i]) / watch.Elapsed.TotalSeconds)];
    }
}
