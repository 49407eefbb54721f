namespace StreamLip.Server.Cluster;

/// <summary>The cluster as <c>/api/cluster</c> and <c>/metrics</c> show it: membership joined with the nodes' reports.</summary>
internal sealed class ClusterStatus(IClusterMembershipService membership, ClusterView view, NodeIdentity node, TimeProvider time)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _seenLive = new(StringComparer.Ordinal);

    /// <summary>Notes a node seen active: once dead it is listed (the dead of earlier runs, still in the membership table, are not).</summary>
    public void SawActive(string silo) => _seenLive[silo] = true;

    public ClusterResponse Snapshot()
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var nodes = new List<ClusterNode>();
        foreach (ClusterMember m in membership.CurrentSnapshot.Members.Values.OrderBy(m => m.SiloAddress.ToString(), StringComparer.Ordinal))
        {
            string silo = m.SiloAddress.ToParsableString();
            if (m.Status == SiloStatus.Active)
            {
                SawActive(silo);
            }
            else if (m.Status == SiloStatus.Dead && !_seenLive.ContainsKey(silo))
            {
                continue;
            }

            NodeReport? r = view.Find(silo);
            bool live = m.Status == SiloStatus.Active;
            nodes.Add(new ClusterNode(
                silo, m.Name, m.Status.ToString(), silo == node.Silo, r?.Url,
                r?.Slots, live ? r?.Sessions : 0, live ? view.FreeSlots(silo) : 0, r?.FramesLate, r?.Utilization, r?.Draining ?? false, r?.AgeMs(now)));
        }

        var active = nodes.Where(n => n.Status == nameof(SiloStatus.Active)).ToList();
        return new ClusterResponse(
            node.Silo, active.Count, nodes.Count(n => n.Status == nameof(SiloStatus.Dead)),
            active.Sum(n => n.Sessions ?? 0), active.Sum(n => n.Free), view.ReadError, nodes);
    }
}

/// <summary><c>GET /api/cluster</c>.</summary>
/// <param name="Self">This node's silo.</param>
/// <param name="Active">Live nodes.</param>
/// <param name="Dead">Nodes declared dead (kept in the membership a while).</param>
/// <param name="Sessions">Sessions on the live nodes.</param>
/// <param name="FreeSlots">Sessions the cluster would take now.</param>
/// <param name="RedisError">Why the last read of the reports from Redis failed; null when it worked.</param>
/// <param name="Nodes">Every node the membership knows.</param>
public sealed record ClusterResponse(string Self, int Active, int Dead, int Sessions, int FreeSlots, string? RedisError, IReadOnlyList<ClusterNode> Nodes);

/// <summary>A node of <see cref="ClusterResponse"/>.</summary>
/// <param name="Silo">Its silo address (the node's key).</param>
/// <param name="Name">Its silo name.</param>
/// <param name="Status">Membership status: Joining, Active, ShuttingDown, Stopping, Dead.</param>
/// <param name="Self">True for the node that answered.</param>
/// <param name="Url">Its address for clients.</param>
/// <param name="Slots">Sessions it takes.</param>
/// <param name="Sessions">Sessions it runs (0 once dead).</param>
/// <param name="Free">Free slots as placement counts them (0 when stale, draining, late or dead).</param>
/// <param name="FramesLate">Frames its sessions sent late or missed since it started.</param>
/// <param name="Utilization">Its machine's CPU use (0..1), when the capacity monitor is on.</param>
/// <param name="Draining">Shutting down: ends its sessions, takes no new ones.</param>
/// <param name="ReportAgeMs">Age of its last load report, ms.</param>
public sealed record ClusterNode(string Silo, string Name, string Status, bool Self, string? Url, int? Slots, int? Sessions, int Free, long? FramesLate, double? Utilization, bool Draining, long? ReportAgeMs);
