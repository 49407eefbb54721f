namespace StreamLip.Server.Outputs;

/// <summary>One output in <c>GET /api/sessions/{id}/outputs</c>.</summary>
/// <param name="OutputId">Its id (DELETE …/stream/{outputId}).</param>
/// <param name="Kind">stream, recording or virtualCamera.</param>
/// <param name="Target">Redacted URL, file name or device.</param>
/// <param name="StartedAt">When it started (UTC).</param>
public sealed record OutputResponse(string OutputId, string Kind, string Target, DateTimeOffset StartedAt);
