namespace StreamLip.Server.Sessions;

/// <summary>Body of <c>POST /api/webrtc/{id}/candidate</c>, as <c>RTCIceCandidate.toJSON()</c> gives it.</summary>
/// <param name="Candidate">The candidate line.</param>
/// <param name="SdpMLineIndex">Its media section.</param>
public sealed record CandidateRequest(string? Candidate, int? SdpMLineIndex);
