namespace StreamLip.Server.Observability;

/// <summary><c>GET /healthz</c>.</summary>
/// <param name="Status"><c>ok</c>.</param>
/// <param name="ActiveSessions">Sessions now.</param>
/// <param name="MaxSessions">The session limit.</param>
public sealed record HealthResponse(string Status, int ActiveSessions, int MaxSessions);
