using StreamLip.Server.Cluster;

namespace StreamLip.Server.Cluster;

/// <summary>
/// <c>GET /api/cluster</c>: the cluster's nodes (membership status, address, slots, sessions, free slots, late frames,
/// CPU use, report age) as this node sees them, and totals; 404 on a node without a cluster.
/// </summary>
internal static class ClusterEndpoints
{
    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/api/cluster", (IServiceProvider services) =>
        services.GetService<ClusterStatus>() is { } status
            ? Results.Ok(status.Snapshot())
            : Sessions.SignallingErrors.Problem(StatusCodes.Status404NotFound, "No cluster", "This node runs alone (set StreamLip:Cluster:Redis to join a cluster; see README, Cluster)."));
}
