namespace StreamLip.Server.Speech;

/// <summary>A queued utterance.</summary>
/// <param name="UtteranceId">Its number in the session (events name it).</param>
public sealed record UtteranceResponse(long UtteranceId);
