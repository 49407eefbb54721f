using Microsoft.AspNetCore.SignalR;
using StreamLip.Server.Hubs;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Cluster;

/// <summary>
/// Follows the cluster's membership. When a node is declared dead: the hub clients on this node whose sessions ran there
/// are told (<c>SessionLost</c>: the page starts a new session, which placement puts on a live node), and this node's
/// sessions whose hub connection was on the dead node are stopped (nobody is left to watch them). Logs every change.
/// </summary>
internal sealed partial class MembershipWatcher(
    IClusterMembershipService membership,
    ClusterSessionControl control,
    OwnedSessions owned,
    SessionManager sessions,
    ClusterStatus cluster,
    ClusterView view,
    StackExchange.Redis.IConnectionMultiplexer redis,
    IHubContext<StreamLipHub, IStreamLipClient> hub,
    ILogger<MembershipWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var status = new Dictionary<SiloAddress, SiloStatus>();
        try
        {
            await foreach (ClusterMembershipSnapshot snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken).ConfigureAwait(false))
            {
                foreach (ClusterMember m in snapshot.Members.Values)
                {
                    if (status.TryGetValue(m.SiloAddress, out SiloStatus before) && before == m.Status)
                    {
                        continue;
                    }

                    status[m.SiloAddress] = m.Status;
                    if (m.Status == SiloStatus.Active)
                    {
                        cluster.SawActive(m.SiloAddress.ToParsableString());
                    }
                    else if (m.Status == SiloStatus.Dead && before == default)
                    {
                        continue; // dead before this node joined
                    }

                    Log.Member(logger, m.SiloAddress.ToParsableString(), m.Name, m.Status.ToString());
                    if (m.Status == SiloStatus.Dead)
                    {
                        await OnDeadAsync(m.SiloAddress.ToParsableString()).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task OnDeadAsync(string silo)
    {
        try
        {
            await redis.GetDatabase().HashDeleteAsync(view.Key, silo).ConfigureAwait(false); // its last report goes too
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Redis away: the report stays, stale; placement skips stale reports anyway.
        }

        foreach (var (connection, session) in control.TakeConnectionsOwnedBy(silo))
        {
            Log.Lost(logger, session, silo);
            await hub.Clients.Client(connection).SessionLost(session, "The node that ran this session failed; start a new one (it will be placed on a live node).").ConfigureAwait(false);
        }

        foreach (string session in owned.TakeCameThrough(silo))
        {
            Log.Orphaned(logger, session, silo);
            await sessions.StopAsync(session).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "Cluster: node {Silo} ({Name}) is {Status}")]
        public static partial void Member(ILogger logger, string silo, string name, string status);

        [LoggerMessage(EventId = 902, Level = LogLevel.Warning, Message = "Cluster: session {SessionId} was lost with its node {Silo}; its client is told")]
        public static partial void Lost(ILogger logger, string sessionId, string silo);

        [LoggerMessage(EventId = 903, Level = LogLevel.Warning, Message = "Cluster: session {SessionId} is stopped: its client's node {Silo} died")]
        public static partial void Orphaned(ILogger logger, string sessionId, string silo);
    }
}
