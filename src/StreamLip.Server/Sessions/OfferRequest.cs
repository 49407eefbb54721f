namespace StreamLip.Server.Sessions;

/// <summary>Body of <c>POST /api/webrtc/offer</c>.</summary>
/// <param name="Sdp">The client's SDP offer (complete: non-trickle clients gather first).</param>
/// <param name="Avatar">Avatar name; null for the default.</param>
/// <param name="Conversation">True: the session starts in conversation mode (see <c>POST /api/sessions/{id}/conversation</c>).</param>
public sealed record OfferRequest(string? Sdp, string? Avatar, bool? Conversation = null);
