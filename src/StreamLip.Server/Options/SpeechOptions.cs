namespace StreamLip.Server.Options;

/// <summary>Pushed speech: text to speech, uploaded audio, PCM streams (section <c>StreamLip:Speech</c>).</summary>
public sealed class SpeechOptions
{
    /// <summary>Longest text one speak call takes, characters. Default 2000.</summary>
    public int MaxTextLength { get; set; } = 2000;

    /// <summary>Utterances queued or playing per session before more are refused (429). Default 16.</summary>
    public int MaxQueuedUtterances { get; set; } = 16;

    /// <summary>Largest uploaded audio file, bytes (this endpoint only; others keep MaxRequestBodyBytes). Default 20 MiB.</summary>
    public int MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>
    /// Longest uploaded audio, seconds (1..600, the most one utterance may queue). Checked from a WAV header before
    /// decoding, otherwise while decoding, which stops at the limit: a small file that decodes to hours costs nothing.
    /// Default 600.
    /// </summary>
    public int MaxUploadSeconds { get; set; } = 600;

    /// <summary>The espeak-ng program. Default <c>espeak-ng</c> (on PATH).</summary>
    public string EspeakPath { get; set; } = "espeak-ng";

    /// <summary>Voice when a call names none (see <c>espeak-ng --voices</c>). Default <c>en</c>.</summary>
    public string DefaultVoice { get; set; } = "en";

    /// <summary>Speaking rate when a call names none, words per minute (80..450). Default 175.</summary>
    public int DefaultRate { get; set; } = 175;

    /// <summary>Longest a synthesis may take, seconds. Default 30.</summary>
    public int SynthesisTimeoutSeconds { get; set; } = 30;

    /// <summary>Checks the settings; <paramref name="check"/> records each failure (ok, key, message).</summary>
    internal void Validate(Action<bool, string, string> check)
    {
        check(MaxTextLength is >= 1 and <= 100_000, "Speech:MaxTextLength", $"is {MaxTextLength}; it must be 1..100000");
        check(MaxQueuedUtterances is >= 1 and <= 1000, "Speech:MaxQueuedUtterances", $"is {MaxQueuedUtterances}; it must be 1..1000");
        check(MaxUploadBytes is >= 1024 and <= 512 * 1024 * 1024, "Speech:MaxUploadBytes", $"is {MaxUploadBytes}; it must be 1 KiB..512 MiB");
        check(MaxUploadSeconds is >= 1 and <= 600, "Speech:MaxUploadSeconds", $"is {MaxUploadSeconds}; it must be 1..600 (an utterance queues at most 600 s)");
        check(!string.IsNullOrWhiteSpace(EspeakPath), "Speech:EspeakPath", "is empty; name the espeak-ng program");
        check(DefaultRate is >= 80 and <= 450, "Speech:DefaultRate", $"is {DefaultRate}; it must be 80..450 words per minute");
        check(SynthesisTimeoutSeconds is >= 1 and <= 600, "Speech:SynthesisTimeoutSeconds", $"is {SynthesisTimeoutSeconds}; it must be 1..600");
    }
}
