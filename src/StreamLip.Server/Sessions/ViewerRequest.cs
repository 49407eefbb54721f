namespace StreamLip.Server.Sessions;

/// <summary>Body of <c>POST /api/sessions/{id}/viewers</c>.</summary>
/// <param name="Sdp">The viewer's SDP offer (receive-only video and audio, ICE gathered).</param>
public sealed record ViewerRequest(string? Sdp);
