using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StreamLip.Realtime;
using StreamLip.Server.Hosting;
using StreamLip.Server.Hubs;
using StreamLip.Server.Observability;
using StreamLip.Server.Options;

namespace StreamLip.Server.Sessions;

/// <summary>
/// Ends sessions nobody uses (<see cref="ServerOptions.IdleSessionTimeoutSeconds"/>): no audio arrived (microphone chunks,
/// or audio placed on the timeline by any other way, e.g. pushed speech), no frame was generated, and no output (viewer,
/// stream, recording) was fed for the whole timeout. A page whose session it ends is told why over the hub.
/// </summary>
/// <remarks>
/// It looks every timeout/4 (1 to 5 s) on the injected clock, so a session ends between 1 and 1.25 timeouts after its
/// last activity. A browser page sends microphone packets even when its user is silent, so an open page is never idle.
/// </remarks>
internal sealed class IdleSessionReaper(
    EngineHost engine,
    SessionManager sessions,
    IHubContext<StreamLipHub, IStreamLipClient> hub,
    IOptions<ServerOptions> options,
    TimeProvider time,
    ServerMetrics metrics,
    ILogger<IdleSessionReaper> logger) : BackgroundService
{
    // Per session: what it had done when last seen, and when that last changed (timestamp of the injected clock).
    private readonly Dictionary<string, (Activity Seen, long Since)> _activity = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int timeoutSeconds = options.Value.IdleSessionTimeoutSeconds;
        if (timeoutSeconds <= 0)
        {
            return;
        }

        var timeout = TimeSpan.FromSeconds(timeoutSeconds);
        var period = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 4, 250, 5000));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await SweepAsync(timeout).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepAsync(TimeSpan timeout)
    {
        long now = time.GetTimestamp();
        var running = engine.Engine.Sessions;
        foreach (string gone in _activity.Keys.Where(id => running.All(s => s.Id != id)).ToList())
        {
            _activity.Remove(gone);
        }

        foreach (RealtimeSession session in running)
        {
            var seen = Activity.Of(session);
            if (!_activity.TryGetValue(session.Id, out var last) || last.Seen != seen)
            {
                _activity[session.Id] = (seen, now);
                continue;
            }

            if (time.GetElapsedTime(last.Since, now) >= timeout)
            {
                _activity.Remove(session.Id);
                await EndAsync(session, (int)timeout.TotalSeconds).ConfigureAwait(false);
            }
        }
    }

    private async Task EndAsync(RealtimeSession session, int seconds)
    {
        logger.SessionIdle(session.Id, seconds);
        metrics.SessionsEnded.Add(1, new KeyValuePair<string, object?>("reason", "idle"));
        foreach (var (connection, s) in sessions.HubSessions())
        {
            if (s == session)
            {
                try
                {
                    await hub.Clients.Client(connection).Error($"The session ended: no audio for {seconds} s (StreamLip:IdleSessionTimeoutSeconds). Start again to go on.").ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.NoticeFailed(connection, e);
                }
            }
        }

        await sessions.StopAsync(session.Id).ConfigureAwait(false);
    }

    /// <summary>What a session has done so far; any change is activity. Outputs fed count as activity at every look.</summary>
    private readonly record struct Activity(long AudioChunks, double AudioSeconds, long FramesGenerated, int Outputs, long Look)
    {
        private static long _looks;

        public static Activity Of(RealtimeSession session)
        {
            var s = session.GetStats();
            // A session with outputs is watched: never idle, so give it a value that differs at every look.
            return new Activity(s.AudioChunks, s.AudioSeconds, s.FramesGenerated, s.Outputs, s.Outputs > 0 ? Interlocked.Increment(ref _looks) : 0);
        }
    }
}
