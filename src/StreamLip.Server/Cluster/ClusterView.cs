using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StreamLip.Server.Options;

namespace StreamLip.Server.Cluster;

/// <summary>
/// What this node knows of the others' load: their <see cref="NodeReport"/>s, read from Redis every report interval,
/// and the sessions placed from here since (counted against a node's free slots until its next report says so).
/// Placement and <c>/api/cluster</c> read it. Thread-safe.
/// </summary>
internal sealed class ClusterView(IConnectionMultiplexer redis, IOptions<ServerOptions> options, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, NodeReport> _reports = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _placedSince = new(StringComparer.Ordinal);

    /// <summary>The Redis hash that holds every node's report.</summary>
    public RedisKey Key { get; } = $"streamlip:{options.Value.Cluster.Name}:nodes";

    /// <summary>When Redis last answered a read, or null when it never has.</summary>
    public DateTimeOffset? LastRead { get; private set; }

    /// <summary>The last read's failure, null when it worked.</summary>
    public string? ReadError { get; private set; }

    private ClusterOptions Options => options.Value.Cluster;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Every known report, newest state.</summary>
    public IReadOnlyCollection<NodeReport> Reports => [.. _reports.Values];

    /// <summary>Reads every report from Redis (a failure keeps the last ones and is remembered in <see cref="ReadError"/>).</summary>
    public async Task RefreshAsync()
    {
        try
        {
            HashEntry[] entries = await redis.GetDatabase().HashGetAllAsync(Key).ConfigureAwait(false);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (HashEntry e in entries)
            {
                if (Parse(e.Value) is { } report)
                {
                    seen.Add(report.Silo);
                    Update(report);
                }
            }

            foreach (string silo in _reports.Keys.Where(k => !seen.Contains(k)))
            {
                _reports.TryRemove(silo, out _);
            }

            LastRead = time.GetUtcNow();
            ReadError = null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            ReadError = e.Message.Split(" - ", 2)[0]; // StackExchange.Redis appends a page of diagnostics
        }
    }

    /// <summary>Takes a node's report (its own, at once; the others' from Redis).</summary>
    public void Update(NodeReport report)
    {
        NodeReport? before = _reports.TryGetValue(report.Silo, out var b) ? b : null;
        _reports[report.Silo] = report;
        if (before is null || report.AtUnixMs > before.AtUnixMs)
        {
            _placedSince.TryRemove(report.Silo, out _); // the report counts them now
        }
    }

    /// <summary>A node's report, if known.</summary>
    public NodeReport? Find(string silo) => _reports.TryGetValue(silo, out var r) ? r : null;

    /// <summary>Free slots of <paramref name="silo"/> as far as this node knows: 0 for a stale, draining or unknown one.</summary>
    public int FreeSlots(string silo)
    {
        if (Find(silo) is not { } r || r.Draining || r.AgeMs(Now) > Options.ReportTimeoutMs)
        {
            return 0;
        }

        return Math.Max(0, r.Free - _placedSince.GetValueOrDefault(silo));
    }

    /// <summary>Counts a session placed on <paramref name="silo"/> until its next report.</summary>
    public void Placed(string silo) => _placedSince.AddOrUpdate(silo, 1, (_, n) => n + 1);

    /// <summary>The node said it is full: no more placements there until its next report.</summary>
    public void Full(string silo) => _placedSince.AddOrUpdate(silo, int.MaxValue / 2, (_, _) => int.MaxValue / 2);

    /// <summary>Free slots over the nodes in <paramref name="silos"/>.</summary>
    public int FreeSlots(IEnumerable<string> silos) => silos.Sum(FreeSlots);

    private static NodeReport? Parse(RedisValue value)
    {
        try
        {
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<NodeReport>(value.ToString(), Json);
        }
        catch (JsonException)
        {
            return null; // not ours (an older version's or a hand-written field): ignored
        }
    }

    /// <summary>A report as it is stored.</summary>
    public static string Serialize(NodeReport report) => JsonSerializer.Serialize(report, Json);
}
