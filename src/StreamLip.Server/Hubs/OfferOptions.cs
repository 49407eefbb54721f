namespace StreamLip.Server.Hubs;

/// <summary>Options of a hub offer.</summary>
/// <param name="Avatar">Avatar name (see <c>GET /api/avatars</c>); null for the default.</param>
/// <param name="Conversation">True: the session starts in conversation mode (as <c>StartConversation</c> does).</param>
public sealed record OfferOptions(string? Avatar, bool? Conversation = null);
