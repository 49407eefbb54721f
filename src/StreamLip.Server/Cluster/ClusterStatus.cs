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
            nodes.Add(new ClusterNode
            {
                Silo = silo,
                Name = m.Name,
                Status = m.Status.ToString(),
                Self = silo == node.Silo,
                Url = r?.Url,
                Slots = r?.Slots,
                Sessions = live ? r?.Sessions : 0,
                Free = live ? view.FreeSlots(silo) : 0,
                FramesLate = r?.FramesLate,
                Utilization = r?.Utilization,
                Draining = r?.Draining ?? false,
                ReportAgeMs = r?.AgeMs(now),
            });
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
public sealed record ClusterNode
{
    /// <summary>Its silo address (the node's key).</summary>
    public required string Silo { get; init; }

    /// <summary>Its silo name.</summary>
    public required string Name { get; init; }

    /// <summary>Membership status: Joining, Active, ShuttingDown, Stopping, Dead.</summary>
    public required string Status { get; init; }

    /// <summary>True for the node that answered.</summary>
    public required bool Self { get; init; }

    /// <summary>Its address for clients.</summary>
    public string? Url { get; init; }

    /// <summary>Sessions it takes.</summary>
    public int? Slots { get; init; }

    /// <summary>Sessions it runs (0 once dead).</summary>
    public int? Sessions { get; init; }

    /// <summary>Free slots as placement counts them (0 when stale, draining, late or dead).</summary>
    public required int Free { get; init; }

    /// <summary>Frames its sessions sent late or missed since it started.</summary>
    public long? FramesLate { get; init; }

    /// <summary>Its machine's CPU use (0..1), when the capacity monitor is on.</summary>
    public double? Utilization { get; init; }

    /// <summary>Shutting down: ends its sessions, takes no new ones.</summary>
    public required bool Draining { get; init; }

    /// <summary>Age of its last load report, ms.</summary>
    public long? ReportAgeMs { get; init; }
}
