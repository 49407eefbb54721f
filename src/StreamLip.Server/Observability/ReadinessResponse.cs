namespace StreamLip.Server.Observability;

/// <summary><c>GET /readyz</c>.</summary>
/// <param name="Status"><c>ready</c>, or <c>not-ready</c> (HTTP 503).</param>
/// <param name="Model">The model file's name, or null before it is loaded.</param>
/// <param name="Gstreamer">GStreamer's version, or null when it is not usable.</param>
/// <param name="Sessions">Sessions now.</param>
/// <param name="Capacity">Sessions that may still start: MaxSessions − sessions, and no more than the measured headroom allows (StreamLip:Capacity).</param>
/// <param name="Reason">Why not ready; null when ready.</param>
public sealed record ReadinessResponse(string Status, string? Model, string? Gstreamer, int Sessions, int Capacity, string? Reason);
