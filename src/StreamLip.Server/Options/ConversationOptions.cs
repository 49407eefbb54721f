using StreamLip.Conversation;

namespace StreamLip.Server.Options;

/// <summary>Conversation mode: voice activity, speech recognition, the language model, the spoken reply (section <c>StreamLip:Conversation</c>).</summary>
public sealed class ConversationOptions
{
    /// <summary>Voice activity detection (speech start and end, hangover, barge-in threshold).</summary>
    public VoiceActivityOptions Vad { get; } = new();

    /// <summary>Speech recognition engine: <c>sphinx</c> (CMU PocketSphinx from Debian, local), <c>whisper</c> (whisper.cpp
    /// through Whisper.net, local, a model the user supplies: <see cref="Whisper"/>) or <c>openai</c> (an OpenAI-compatible
    /// <c>/v1/audio/transcriptions</c> endpoint, <see cref="Transcription"/>). Default <c>sphinx</c>.</summary>
    public string Recognizer { get; set; } = "sphinx";

    /// <summary>CMU Sphinx settings.</summary>
    public SphinxOptions Sphinx { get; } = new();

    /// <summary>whisper.cpp settings when <see cref="Recognizer"/> is <c>whisper</c>.</summary>
    public WhisperOptions Whisper { get; } = new();

    /// <summary>The transcription endpoint when <see cref="Recognizer"/> is <c>openai</c>.</summary>
    public EndpointOptions Transcription { get; } = new() { Model = "whisper-1" };

    /// <summary>The language model: an OpenAI-compatible chat-completions endpoint; with no <c>BaseUrl</c>, the built-in
    /// echo responder answers (it repeats what it understood).</summary>
    public EndpointOptions Llm { get; } = new();

    /// <summary>The system prompt sent before the history.</summary>
    public string SystemPrompt { get; set; } = "You are a friendly digital human in a video call. Answer in one to three short spoken sentences, without lists or markup.";

    /// <summary>Messages of history (user and assistant together) kept per session and sent with each question; the oldest
    /// go first. Default 20.</summary>
    public int MaxHistoryMessages { get; set; } = 20;

    /// <summary>Seconds to wait for the model's first token before giving up on the turn. Default 15.</summary>
    public int FirstTokenTimeoutSeconds { get; set; } = 15;

    /// <summary>Seconds a whole reply may take. Default 90.</summary>
    public int ReplyTimeoutSeconds { get; set; } = 90;

    /// <summary>Most characters of one reply spoken (the rest is cut). Default 2000.</summary>
    public int MaxReplyCharacters { get; set; } = 2000;

    /// <summary>How often a partial transcript is sent while the user speaks, milliseconds of speech. Default 300.</summary>
    public int PartialIntervalMs { get; set; } = 300;

    /// <summary>After the avatar's voice stops, the microphone keeps the barge-in threshold this long (the echo still on
    /// its way back through the viewer's speaker), milliseconds. Default 400.</summary>
    public int EchoTailMs { get; set; } = 400;

    /// <summary>Voice of the reply (espeak-ng), or null for <c>Speech:DefaultVoice</c>.</summary>
    public string? Voice { get; set; }

    /// <summary>When the model fails, the avatar says so (besides the <c>ConversationError</c> event). Default true.</summary>
    public bool SpeakErrors { get; set; } = true;

    /// <summary>Checks the settings; <paramref name="check"/> records each failure (ok, key, message).</summary>
    internal void Validate(Action<bool, string, string> check)
    {
        const string P = "Conversation:";
        Vad.Validate(P + "Vad:", check);
        check(Recognizer is "sphinx" or "whisper" or "openai", P + "Recognizer", $"is '{Recognizer}'; it must be sphinx, whisper or openai");
        check(Recognizer != "openai" || Transcription.BaseUrl is not null, P + "Transcription:BaseUrl", "is not set; the openai recognizer needs the endpoint's base URL (e.g. http://127.0.0.1:8000/v1)");
        Transcription.Validate(P + "Transcription:", check);
        Llm.Validate(P + "Llm:", check);
        check(!string.IsNullOrWhiteSpace(Sphinx.ModelDirectory), P + "Sphinx:ModelDirectory", "is empty");
        Whisper.Validate(P + "Whisper:", Recognizer == "whisper", check);
        check(MaxHistoryMessages is >= 0 and <= 1000, P + "MaxHistoryMessages", $"is {MaxHistoryMessages}; it must be 0..1000");
        check(FirstTokenTimeoutSeconds is >= 1 and <= 600, P + "FirstTokenTimeoutSeconds", $"is {FirstTokenTimeoutSeconds}; it must be 1..600");
        check(ReplyTimeoutSeconds is >= 1 and <= 3600, P + "ReplyTimeoutSeconds", $"is {ReplyTimeoutSeconds}; it must be 1..3600");
        check(MaxReplyCharacters is >= 20 and <= 100_000, P + "MaxReplyCharacters", $"is {MaxReplyCharacters}; it must be 20..100000");
        check(PartialIntervalMs is >= 50 and <= 10_000, P + "PartialIntervalMs", $"is {PartialIntervalMs}; it must be 50..10000");
        check(EchoTailMs is >= 0 and <= 5000, P + "EchoTailMs", $"is {EchoTailMs}; it must be 0..5000");
    }
}
