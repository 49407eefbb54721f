using StreamLip.Realtime;
using StreamLip.Realtime.Batching;
using StreamLip.Realtime.Capacity;

namespace StreamLip.Server.Observability;

/// <summary><c>GET /api/stats</c>.</summary>
/// <param name="Engine">Settings and state.</param>
/// <param name="Batcher">The shared batcher's counts.</param>
/// <param name="Sessions">Every running session.</param>
/// <param name="Capacity">The measured headroom (null when <c>StreamLip:Capacity:Enabled</c> is false).</param>
public sealed record StatsResponse(EngineInfo Engine, BatcherStats Batcher, IReadOnlyList<SessionStats> Sessions, CapacitySnapshot? Capacity);
