using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StreamLip.Cli.Tests.Infrastructure;

namespace StreamLip.Cli.Tests.Cluster;

/// <summary>What the cluster tests start and ask: nodes on 127.0.0.x sharing one Redis, <c>/api/cluster</c>, the sessions each node runs.</summary>
internal static class ClusterProbe
{
    /// <summary>Starts one node per entry of <paramref name="settings"/> on 127.0.0.1, .2, …, each with its own silo port and those settings.</summary>
    public static async Task<ServeProcess[]> StartNodesAsync(RedisProcess redis, params string[][] settings)
    {
        var starting = settings.Select((s, i) => ServeProcess.StartOnAsync(
            $"127.0.0.{i + 1}",
            [$"--StreamLip:Cluster:Redis={redis.Connection}", $"--StreamLip:Cluster:SiloPort={RedisProcess.FreePort(IPAddress.Parse($"127.0.0.{i + 1}"))}", .. s])).ToArray();
        try
        {
            return await Task.WhenAll(starting);
        }
        catch
        {
            // One did not start: the others must not outlive the test.
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The node's <c>GET /api/cluster</c>, or null when it does not answer 200.</summary>
    public static async Task<JsonElement?> ClusterAsync(ServeProcess node)
    {
        using var r = await node.Client.GetAsync("/api/cluster");
        return r.IsSuccessStatusCode ? await r.Content.ReadFromJsonAsync<JsonElement>() : null;
    }

    public static int Active(JsonElement cluster) => cluster.GetProperty("active").GetInt32();

    /// <summary>The sessions whose pipeline the node runs (its own <c>/api/stats</c>).</summary>
    public static async Task<List<JsonElement>> SessionsAsync(ServeProcess node) =>
        [.. (await node.Client.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("sessions").EnumerateArray()];

    /// <summary>The node whose own stats list the session: the one that runs its pipeline.</summary>
    public static async Task<ServeProcess> OwnerAsync(IEnumerable<ServeProcess> nodes, string id)
    {
        foreach (var n in nodes)
        {
            if ((await SessionsAsync(n)).Any(s => s.GetProperty("id").GetString() == id))
            {
                return n;
            }
        }

        throw new Xunit.Sdk.XunitException($"No node runs session {id}.");
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Timed out after {limit.TotalSeconds} s waiting until {what}.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The lines of the nodes' output about the cluster, for a failing test's report.</summary>
    public static string ClusterLines(IEnumerable<ServeProcess?> nodes) =>
        string.Join("\n", nodes.Where(n => n is not null).SelectMany(n => n!.Output.Split('\n').Where(l => l.Contains("Cluster", StringComparison.Ordinal)).Take(20)));
}
