namespace StreamLip.Server.Speech;

/// <summary>Body of <c>POST /api/sessions/{id}/speak</c>.</summary>
/// <param name="Text">What to say.</param>
/// <param name="Voice">An espeak-ng voice (<c>GET /api/voices</c>), optionally with <c>+variant</c>; null for the default.</param>
/// <param name="Rate">Words per minute, 80..450; null for the default.</param>
public sealed record SpeakRequest(string? Text, string? Voice, int? Rate);
