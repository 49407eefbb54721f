using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace StreamLip.Server.Cluster;

/// <summary>Placement by free session slots (<see cref="CapacityPlacementDirector"/>).</summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
internal sealed class CapacityPlacement : PlacementStrategy
{
}

/// <summary>Places a grain's activation with <see cref="CapacityPlacementDirector"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class CapacityPlacementAttribute() : PlacementAttribute(new CapacityPlacement());

/// <summary>
/// Picks the node for a new session: among the live nodes (the membership's compatible silos) with a fresh report, not
/// draining and with a free slot (<see cref="ClusterView.FreeSlots(string)"/>), the freer of two chosen at random
/// (power of two choices: near the least loaded node without every front door crowding the same one). None free: this
/// node, whose own start then refuses it as full.
/// </summary>
internal sealed class CapacityPlacementDirector(ClusterView view) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        SiloAddress[] live = context.GetCompatibleSilos(target);
        SiloAddress[] free = [.. live.Where(s => view.FreeSlots(s.ToParsableString()) > 0)];
        SiloAddress chosen;
        if (free.Length == 0)
        {
            chosen = live.Contains(context.LocalSilo) ? context.LocalSilo : live[Random.Shared.Next(live.Length)];
        }
        else
        {
            SiloAddress a = free[Random.Shared.Next(free.Length)];
            SiloAddress b = free[Random.Shared.Next(free.Length)];
            chosen = view.FreeSlots(b.ToParsableString()) > view.FreeSlots(a.ToParsableString()) ? b : a;
            view.Placed(chosen.ToParsableString());
        }

        return Task.FromResult(chosen);
    }
}
