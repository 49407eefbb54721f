namespace StreamLip.Server.Sessions;

/// <summary>Answer of <c>POST /api/sessions/{id}/viewers</c>.</summary>
/// <param name="ViewerId">For <c>DELETE /api/sessions/{id}/viewers/{viewerId}</c>.</param>
/// <param name="Answer">The SDP answer (complete, ICE gathered).</param>
public sealed record ViewerResponse(string ViewerId, string Answer);
