using StreamLip.Server.Conversation.Recognition;

namespace StreamLip.Server.Options;

/// <summary>whisper.cpp (through Whisper.net): the ggml model the user supplies and how it decodes.</summary>
public sealed class WhisperOptions
{
    /// <summary>A whisper.cpp ggml model file (e.g. <c>ggml-base.en.bin</c>, obtained by the user; nothing is
    /// downloaded), or null. Required when <see cref="ConversationOptions.Recognizer"/> is <c>whisper</c>.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Spoken language, a whisper language code (<c>en</c>, <c>de</c>, ...) or <c>auto</c> to detect it per
    /// utterance (multilingual models only). Default <c>en</c>.</summary>
    public string Language { get; set; } = "en";

    /// <summary>CPU threads of one decoding; 0 = half the cores, at least 1 and at most 4. Default 0.</summary>
    public int Threads { get; set; }

    /// <summary>Encoder context in 20 ms steps (whisper.cpp's <c>audio_ctx</c>); 0 = the model's own (1500, the full
    /// 30 s window every utterance is padded to). Smaller is faster on CPU and less accurate. Default 0.</summary>
    public int AudioContext { get; set; }

    /// <summary><see cref="Threads"/> as used: the setting, or half the cores (1..4).</summary>
    internal int ThreadCount => Threads > 0 ? Threads : Math.Clamp(Environment.ProcessorCount / 2, 1, 4);

    /// <summary>Checks the settings; the model file only when <paramref name="used"/> (the whisper recogniser is chosen):
    /// that it exists, is a whisper.cpp ggml model, is whole and fits <see cref="Language"/>. <paramref name="check"/>
    /// records each failure (ok, key, message).</summary>
    internal void Validate(string prefix, bool used, Action<bool, string, string> check)
    {
        check(Language == "auto" || (Language.Length is >= 2 and <= 3 && Language.All(char.IsAsciiLetterLower)), prefix + "Language", $"is '{Language}'; it must be auto or a whisper language code (en, de, fr, ...)");
        check(Threads is >= 0 and <= 64, prefix + "Threads", $"is {Threads}; it must be 0 (half the cores, 1..4) up to 64");
        check(AudioContext is >= 0 and <= 1500, prefix + "AudioContext", $"is {AudioContext}; it must be 0 (the model's own) up to 1500");
        if (used && WhisperModel.Problem(this, out _) is { } problem)
        {
            check(false, prefix + "ModelPath", problem);
        }
    }
}
