namespace StreamLip.Server.Outputs;

/// <summary>Answer of <c>POST /api/sessions/{id}/stream</c>.</summary>
/// <param name="OutputId">The push's id.</param>
/// <param name="Target">The URL without its stream key.</param>
public sealed record StreamStartedResponse(string OutputId, string Target);
