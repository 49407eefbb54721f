using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Hubs;

/// <summary>Pushes each page its session's stats every <see cref="ServerOptions.StatsIntervalMs"/> (on the injected clock).</summary>
internal sealed class StatsBroadcaster(
    SessionManager sessions,
    IHubContext<StreamLipHub, IStreamLipClient> hub,
    IOptions<ServerOptions> options,
    TimeProvider time,
    ILogger<StatsBroadcaster> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.StatsIntervalMs), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var (connection, session) in sessions.HubSessions())
                {
                    try
                    {
                        await hub.Clients.Client(connection).Stats(session.GetStats()).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.StatsPushFailed(connection, e);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
