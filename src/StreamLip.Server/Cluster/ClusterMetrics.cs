using System.Diagnostics.Metrics;

namespace StreamLip.Server.Cluster;

/// <summary>
/// Meter <c>StreamLip.Cluster</c> (in <c>/metrics</c> of every node): <c>streamlip_cluster_nodes{status}</c>, and per
/// node, labelled <c>node</c> (its address) and <c>silo</c>: <c>streamlip_cluster_node_sessions</c>,
/// <c>streamlip_cluster_node_free_slots</c>, <c>streamlip_cluster_node_frames_late</c> — the cluster as this node sees it.
/// </summary>
internal sealed class ClusterMetrics
{
    public ClusterMetrics(IMeterFactory factory, ClusterStatus status)
    {
        Meter meter = factory.Create("StreamLip.Cluster");
        meter.CreateObservableGauge("streamlip.cluster.nodes", () => status.Snapshot().Nodes
            .GroupBy(n => n.Status)
            .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("status", g.Key))), "{node}", "Nodes of the cluster by membership status.");
        meter.CreateObservableGauge("streamlip.cluster.node.sessions", () => PerNode(status, n => n.Sessions ?? 0), "{session}", "Sessions each node runs.");
        meter.CreateObservableGauge("streamlip.cluster.node.free_slots", () => PerNode(status, n => n.Free), "{session}", "Sessions each node would take now (0 when stale, draining, late or dead).");
        meter.CreateObservableGauge("streamlip.cluster.node.frames_late", () => PerNode(status, n => (int)Math.Min(int.MaxValue, n.FramesLate ?? 0)), "{frame}", "Frames each node's sessions sent late or missed since it started.");
    }

    private static IEnumerable<Measurement<int>> PerNode(ClusterStatus status, Func<ClusterNode, int> value) =>
        status.Snapshot().Nodes.Where(n => n.Status == "Active").Select(n => new Measurement<int>(value(n),
            new KeyValuePair<string, object?>("node", n.Url ?? n.Silo), new KeyValuePair<string, object?>("silo", n.Silo)));
}
