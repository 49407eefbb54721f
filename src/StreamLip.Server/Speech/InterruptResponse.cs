namespace StreamLip.Server.Speech;

/// <summary>Answer of <c>POST /api/sessions/{id}/interrupt</c>.</summary>
/// <param name="Interrupted">False when no pushed speech was playing, queued or on its way.</param>
public sealed record InterruptResponse(bool Interrupted);
