using StreamLip.Realtime;

namespace StreamLip.Server.Sessions;

/// <summary>Answer of <c>GET /api/sessions/{id}</c>.</summary>
/// <param name="Stats">The session's counts and delays.</param>
/// <param name="QueuedUtterances">Utterances queued or playing.</param>
/// <param name="Speaking">True while pushed speech is queued, playing, or a stream is open.</param>
public sealed record SessionInfoResponse(SessionStats Stats, int QueuedUtterances, bool Speaking);
