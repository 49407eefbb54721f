namespace StreamLip.Conversation;

/// <summary>How <see cref="VoiceActivityDetector"/> tells speech from silence (all levels in dBFS of a 20 ms frame's RMS).</summary>
public sealed class VoiceActivityOptions
{
    /// <summary>A frame is speech when it is this much louder than the tracked noise floor. Default 12 dB.</summary>
    public double MarginDb { get; set; } = 12;

    /// <summary>…and at least this loud, whatever the floor. Default −42 dBFS.</summary>
    public double MinimumSpeechDbfs { get; set; } = -42;

    /// <summary>While the avatar speaks, a frame counts only this loud or louder: a browser without echo cancellation
    /// feeds the avatar's voice back at a lower level than a user speaking into the microphone (barge-in threshold).
    /// Default −26 dBFS.</summary>
    public double BargeInDbfs { get; set; } = -26;

    /// <summary>Speech starts after this many milliseconds of speech frames in a row. Default 60.</summary>
    public int OnsetMs { get; set; } = 60;

    /// <summary>Hangover: speech ends after this many milliseconds without a speech frame. Default 240.</summary>
    public int HangoverMs { get; set; } = 240;

    /// <summary>Audio kept before the onset and handed to recognition with it, milliseconds. Default 200.</summary>
    public int PreRollMs { get; set; } = 200;

    /// <summary>The longest utterance: speech is ended here even without a pause, milliseconds. Default 15000.</summary>
    public int MaxUtteranceMs { get; set; } = 15_000;

    /// <summary>Checks the settings; <paramref name="check"/> records each failure (ok, key, message).</summary>
    public void Validate(string prefix, Action<bool, string, string> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        check(MarginDb is >= 0 and <= 60, prefix + "MarginDb", $"is {MarginDb}; it must be 0..60 dB");
        check(MinimumSpeechDbfs is >= -90 and <= 0, prefix + "MinimumSpeechDbfs", $"is {MinimumSpeechDbfs}; it must be -90..0 dBFS");
        check(BargeInDbfs is >= -90 and <= 0, prefix + "BargeInDbfs", $"is {BargeInDbfs}; it must be -90..0 dBFS");
        check(OnsetMs is >= 20 and <= 1000, prefix + "OnsetMs", $"is {OnsetMs}; it must be 20..1000 ms");
        check(HangoverMs is >= 40 and <= 5000, prefix + "HangoverMs", $"is {HangoverMs}; it must be 40..5000 ms");
        check(PreRollMs is >= 0 and <= 2000, prefix + "PreRollMs", $"is {PreRollMs}; it must be 0..2000 ms");
        check(MaxUtteranceMs is >= 1000 and <= 120_000, prefix + "MaxUtteranceMs", $"is {MaxUtteranceMs}; it must be 1000..120000 ms");
    }
}
