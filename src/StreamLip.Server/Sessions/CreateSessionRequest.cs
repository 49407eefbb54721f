namespace StreamLip.Server.Sessions;

/// <summary>Body of <c>POST /api/sessions</c>.</summary>
/// <param name="Avatar">Avatar name; null for the default.</param>
/// <param name="Microphone">Must be false or absent: a session with a microphone is started by a WebRTC offer.</param>
public sealed record CreateSessionRequest(string? Avatar, bool? Microphone);
