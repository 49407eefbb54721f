namespace StreamLip.Server.Sessions;

/// <summary>Answer of <c>POST /api/sessions</c>.</summary>
/// <param name="Id">The session's id.</param>
/// <param name="ViewerUrl">Where a viewer watches it (relative to the server).</param>
/// <param name="ViewerToken">The token that lets a viewer watch this session only (revoked when it ends).</param>
public sealed record CreateSessionResponse(string Id, string ViewerUrl, string ViewerToken);
