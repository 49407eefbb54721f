namespace StreamLip.Server.Sessions;

/// <summary>Answer of <c>POST /api/webrtc/offer</c>.</summary>
/// <param name="SessionId">For <c>/api/webrtc/{id}/candidate</c> and <c>DELETE /api/webrtc/{id}</c>.</param>
/// <param name="Answer">The SDP answer (complete, ICE gathered).</param>
public sealed record OfferResponse(string SessionId, string Answer);
