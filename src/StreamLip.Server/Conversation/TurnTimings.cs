namespace StreamLip.Server.Conversation;

/// <summary>
/// Where one turn's time went, milliseconds, from the moment the user stopped speaking (the end of the last frame heard
/// as speech). The parts add up to <see cref="ToFirstAudioQueuedMs"/>; the viewer hears the first sentence and sees the
/// mouth move <see cref="LipSyncMs"/> after that (the session's latency D: mel window, generation, pacing).
/// </summary>
/// <param name="Turn">The turn's number in its conversation.</param>
/// <param name="HangoverMs">Silence the voice activity detector waited before calling the speech ended.</param>
/// <param name="RecognitionMs">End of speech detected → final transcript.</param>
/// <param name="FirstTokenMs">Final transcript → the model's first text.</param>
/// <param name="FirstSentenceMs">First text → first complete sentence.</param>
/// <param name="SynthesisMs">Speech synthesis of the first sentence.</param>
/// <param name="ToFirstAudioQueuedMs">User stopped → first sentence queued on the avatar.</param>
/// <param name="LipSyncMs">Queued → heard and seen by the viewer (the session's latency D).</param>
/// <param name="ToFirstMouthMs">User stopped → first mouth motion and first audio at the viewer (queued + D).</param>
public sealed record TurnTimings(
    long Turn,
    double HangoverMs,
    double RecognitionMs,
    double FirstTokenMs,
    double FirstSentenceMs,
    double SynthesisMs,
    double ToFirstAudioQueuedMs,
    double LipSyncMs,
    double ToFirstMouthMs);
