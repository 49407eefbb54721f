using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;

namespace StreamLip.Server.Cluster;

/// <summary>
/// Tells the cluster this node's load every report interval (its field of the nodes hash in Redis) and reads the others'
/// into <see cref="ClusterView"/>. On shutdown it says "draining" at once, so placement skips it while its sessions end,
/// and removes its field at the end. Redis down: the reports stop (the others' last ones stay), the sessions run on.
/// </summary>
internal sealed partial class NodeReporter(
    EngineHost engine,
    NodeIdentity node,
    ClusterView view,
    IConnectionMultiplexer redis,
    IOptions<ServerOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<NodeReporter> logger) : BackgroundService
{
    private long _lateAtUnixMs = long.MinValue / 2; // never late yet (far enough back not to overflow)
    private long _lateBefore;
    private long _dueBefore;
    private long _lateEnded;
    private long _dueEnded;
    private readonly Dictionary<string, (long Late, long Due)> _ofSession = new(StringComparer.Ordinal);
    private volatile bool _draining;
    private volatile bool _gone;
    private Task _drainReport = Task.CompletedTask;
    private bool _redisDown;

    /// <summary>True once the node shuts down (placement skips it).</summary>
    public bool Draining => _draining;

    /// <summary>Late frames, of those due in a report interval, above which the node offers no slot for <c>LateCooldownSeconds</c>.</summary>
    public const double LateFraction = 0.02;

    private ClusterOptions Options => options.Value.Cluster;

    /// <summary>This node's report now.</summary>
    public NodeReport Current()
    {
        var e = engine.Engine;
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var (late, due) = Count(e);
        if (late - _lateBefore > LateFraction * Math.Max(1, due - _dueBefore))
        {
            _lateAtUnixMs = now; // more than 2 % of this interval's frames late: it is not keeping up
        }

        (_lateBefore, _dueBefore) = (late, due);
        int sessions = e.ActiveSessions;
        int free = Math.Min(node.Slots - sessions, e.AdmissibleSessions);
        if (_draining || now - _lateAtUnixMs < Options.LateCooldownSeconds * 1000L)
        {
            free = 0;
        }

        return new NodeReport(node.Silo, node.Url, node.Slots, sessions, Math.Max(0, free), late, e.Capacity is { } c && c.Cores > 0 ? (c.ProcessCores + (c.OtherCores ?? 0)) / c.Cores : null, _draining, now);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = lifetime.ApplicationStopping.Register(() =>
        {
            _draining = true;
            _drainReport = PublishAsync(); // at once: placement elsewhere must skip this node from now on
        });
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Options.ReportIntervalMs), time);
        try
        {
            do
            {
                await PublishAsync().ConfigureAwait(false);
                await view.RefreshAsync().ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _drainReport.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            _gone = true; // no report after the field's removal
            await redis.GetDatabase().HashDeleteAsync(view.Key, node.Silo).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException)
        {
            // Redis is away: the field stays behind, marked draining; the others drop it when its silo is dead.
        }
    }

    private async Task PublishAsync()
    {
        NodeReport report;
        lock (_ofSession)
        {
            report = Current();
        }

        view.Update(report);
        if (_gone)
        {
            return;
        }

        try
        {
            await redis.GetDatabase().HashSetAsync(view.Key, node.Silo, ClusterView.Serialize(report)).ConfigureAwait(false);
            if (_redisDown)
            {
                _redisDown = false;
                Log.RedisBack(logger);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            if (!_redisDown)
            {
                _redisDown = true;
                Log.RedisDown(logger, e.Message);
            }
        }
    }

    // Late (and missed) and due frames of every session this node ran: the running ones' counts plus the ended ones'.
    private (long Late, long Due) Count(Realtime.RealtimeEngine e)
    {
        var running = new HashSet<string>(StringComparer.Ordinal);
        long late = 0, due = 0;
        foreach (var s in e.Sessions)
        {
            var stats = s.GetStats();
            running.Add(stats.Id);
            _ofSession[stats.Id] = (stats.FramesLate + stats.FramesMissed, stats.FramesDue);
            late += stats.FramesLate + stats.FramesMissed;
            due += stats.FramesDue;
        }

        foreach (string ended in _ofSession.Keys.Where(k => !running.Contains(k)).ToList())
        {
            _lateEnded += _ofSession[ended].Late;
            _dueEnded += _ofSession[ended].Due;
            _ofSession.Remove(ended);
        }

        return (late + _lateEnded, due + _dueEnded);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 904, Level = LogLevel.Warning, Message = "Cluster: Redis does not answer ({Reason}); this node's load reports stop until it does, its sessions run on")]
        public static partial void RedisDown(ILogger logger, string reason);

        [LoggerMessage(EventId = 905, Level = LogLevel.Information, Message = "Cluster: Redis answers again; load reports resumed")]
        public static partial void RedisBack(ILogger logger);
    }
}
