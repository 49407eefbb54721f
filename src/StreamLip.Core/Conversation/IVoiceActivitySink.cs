namespace StreamLip.Conversation;

/// <summary>Receives what <see cref="VoiceActivityDetector"/> hears, on the thread that feeds it.</summary>
public interface IVoiceActivitySink
{
    /// <summary>Speech started; <paramref name="onset"/> is the pre-roll and the onset frames (valid during the call only).</summary>
    /// <param name="onset">16 kHz mono samples that belong to the speech, oldest first.</param>
    /// <param name="startSample">Stream position (samples since the detector began) of the first onset frame.</param>
    void OnSpeechStarted(ReadOnlySpan<float> onset, long startSample);

    /// <summary>One more 20 ms frame of the speech (hangover frames included; valid during the call only).</summary>
    void OnSpeech(ReadOnlySpan<float> frame);

    /// <summary>Speech ended.</summary>
    /// <param name="lastVoicedSample">Stream position just after the last frame heard as speech: the user stopped
    /// there, the hangover (<see cref="VoiceActivityOptions.HangoverMs"/>) before this call.</param>
    /// <param name="forced">True when the utterance reached <see cref="VoiceActivityOptions.MaxUtteranceMs"/>.</param>
    void OnSpeechEnded(long lastVoicedSample, bool forced);
}
