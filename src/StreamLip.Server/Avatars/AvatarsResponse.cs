namespace StreamLip.Server.Avatars;

/// <summary><c>GET /api/avatars</c>.</summary>
/// <param name="Default">The avatar used when none is named.</param>
/// <param name="Avatars">The built avatars.</param>
public sealed record AvatarsResponse(string Default, IReadOnlyList<string> Avatars);
