using Microsoft.AspNetCore.SignalR;
using StreamLip.Server.Hubs;
using StreamLip.Server.Observability;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Hosting;

/// <summary>
/// Ends sessions cleanly when the host stops (SIGTERM, Ctrl+C, <c>StopAsync</c>): as soon as stopping begins, every page
/// with a session is told (hub <c>Error</c>) before SignalR closes its connections; then every session is stopped
/// (frames stop, transports and outputs disposed, one log line each) within <c>HostOptions.ShutdownTimeout</c>.
/// Registered after <see cref="EngineHost"/>, so it stops before the engine does.
/// </summary>
internal sealed class GracefulShutdown(
    EngineHost engine,
    SessionManager sessions,
    IHubContext<StreamLipHub, IStreamLipClient> hub,
    IHostApplicationLifetime lifetime,
    ServerMetrics metrics,
    ILogger<GracefulShutdown> logger) : IHostedService
{
    /// <summary>What the pages are told.</summary>
    public const string Notice = "The server is shutting down: the session has ended.";

    /// <summary>How long the notices may take before SignalR's own shutdown closes the connections.</summary>
    private static readonly TimeSpan NoticeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the notices get after they are written for the WebSocket transports to put them on the wire. A send
    /// completes once the message is in the connection's pipe; SignalR's close-all (next) cancels each transport, and a
    /// message its send loop has not yet taken from the pipe is lost (seen on a busy 2-core machine: the page got the
    /// close but not the notice).
    /// </summary>
    private static readonly TimeSpan FlushGrace = TimeSpan.FromMilliseconds(250);

    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Registered after SignalR's connection manager registered its own close-all: token callbacks run last-in first-out,
        // so the notices go out while the connections are still open.
        _stopping = lifetime.ApplicationStopping.Register(NotifyPages);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.DisposeAsync().ConfigureAwait(false);
        var running = engine.Engine.Sessions;
        var stops = running.Select(async s =>
        {
            await sessions.StopAsync(s.Id).ConfigureAwait(false);
            metrics.SessionsEnded.Add(1, new KeyValuePair<string, object?>("reason", "shutdown"));
            logger.SessionEndedAtShutdown(s.Id);
        }).ToList();
        try
        {
            await Task.WhenAll(stops).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.ShutdownTimedOut(engine.Engine.ActiveSessions);
        }
    }

    // On the thread that asked the host to stop; blocks at most NoticeTimeout in all: while the messages are
    // written, then (when there are pages to tell) FlushGrace while the transports send them.
    private void NotifyPages()
    {
        var pages = sessions.HubSessions().Select(p => p.ConnectionId).Distinct().ToList();
        logger.ShuttingDown(engine.Engine.ActiveSessions, pages.Count);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sends = pages.Select(async connection =>
        {
            try
            {
                await hub.Clients.Client(connection).Error(Notice).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.NoticeFailed(connection, e);
            }
        }).ToArray();
        try
        {
            Task.WaitAll(sends, NoticeTimeout);
        }
        catch (AggregateException)
        {
            // Each failure was logged by its send.
        }

        if (pages.Count > 0)
        {
            Thread.Sleep(TimeSpan.FromTicks(Math.Clamp((NoticeTimeout - clock.Elapsed).Ticks, 0, FlushGrace.Ticks)));
        }
    }
}
