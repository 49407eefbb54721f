namespace StreamLip.Conversation;

/// <summary>What one 20 ms frame did to the detector's state.</summary>
public enum VoiceActivity
{
    /// <summary>Nothing changed (silence goes on, or speech goes on).</summary>
    None,

    /// <summary>Speech started: the onset frames (and the pre-roll) belong to it.</summary>
    SpeechStarted,

    /// <summary>Speech ended: the hangover ran out (or the utterance reached its longest).</summary>
    SpeechEnded,
}
