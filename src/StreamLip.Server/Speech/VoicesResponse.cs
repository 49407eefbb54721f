namespace StreamLip.Server.Speech;

/// <summary>Answer of <c>GET /api/voices</c>.</summary>
/// <param name="DefaultVoice">The voice used when a call names none.</param>
/// <param name="Voices">espeak-ng's language codes and voice files.</param>
public sealed record VoicesResponse(string DefaultVoice, IReadOnlyList<string> Voices);
