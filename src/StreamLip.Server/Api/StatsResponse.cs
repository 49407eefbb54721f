using StreamLip.Realtime;

namespace StreamLip.Server.Api;

/// <summary><c>GET /api/stats</c>.</summary>
/// <param name="Engine">Settings and state.</param>
/// <param name="Batcher">The shared batcher's counts.</param>
/// <param name="Sessions">Every running session.</param>
public sealed record StatsResponse(EngineInfo Engine, BatcherStats Batcher, IReadOnlyList<SessionStats> Sessions);
