namespace StreamLip.Realtime.Speech;

/// <summary>Where an <see cref="Utterance"/> is in a session's speech queue.</summary>
public enum UtteranceState
{
    /// <summary>Waiting behind earlier utterances.</summary>
    Queued,

    /// <summary>Being fed into the session (its audio is "heard" now; viewers see and hear it the session's latency later).</summary>
    Playing,

    /// <summary>All of its audio was fed.</summary>
    Finished,

    /// <summary>Stopped by <see cref="RealtimeSession.Interrupt"/> (or the session's end) before all of it was fed.</summary>
    Interrupted,
}
