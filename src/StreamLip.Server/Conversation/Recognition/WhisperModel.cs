using System.Diagnostics;
using StreamLip.Server.Options;
using Whisper.net;
using Whisper.net.Logger;

namespace StreamLip.Server.Conversation.Recognition;

/// <summary>
/// One whisper.cpp model loaded once (a Whisper.net <see cref="WhisperFactory"/>: the weights, read-only once loaded)
/// and shared by every conversation; each conversation's <see cref="WhisperRecognizer"/> has its own processor
/// (whisper.cpp's per-decoding state, ≈ tens of MB for base). The model is freed when it is disposed and the last
/// recogniser made from it is gone, whichever comes later. Thread-safe.
/// </summary>
internal sealed class WhisperModel : IDisposable
{
    private readonly WhisperFactory _factory;
    private readonly Lock _gate = new();
    private int _recognizers;
    private bool _disposed;
    private bool _freed;

    private WhisperModel(WhisperFactory factory, WhisperOptions options, WhisperModelLayout layout, TimeSpan loadTime)
    {
        _factory = factory;
        Options = options;
        Layout = layout;
        LoadTime = loadTime;
    }

    /// <summary>The settings it was loaded with (and its recognisers decode with).</summary>
    public WhisperOptions Options { get; }

    /// <summary>What the file holds.</summary>
    public WhisperModelLayout Layout { get; }

    /// <summary>Checking and loading the file took this long.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>Checks and loads <see cref="WhisperOptions.ModelPath"/>.</summary>
    /// <exception cref="RecognitionException">No model set, a file that is missing, not a whisper ggml model, cut short
    /// or refused by whisper.cpp (its own words appended), or the native library does not load.</exception>
    public static WhisperModel Load(WhisperOptions options)
    {
        const string Setting = "StreamLip:Conversation:Whisper:ModelPath";
        var clock = Stopwatch.StartNew();
        if (Problem(options, out WhisperModelLayout? layout) is { } problem)
        {
            throw new RecognitionException($"{Setting} {problem}.");
        }
        var said = new List<string>();
        WhisperFactory? factory = null;
        try
        {
            // whisper.cpp says why it refuses a model only in its log: kept for the message.
            using (LogProvider.AddLogger((level, text) => Said(said, level, text)))
            {
                factory = WhisperFactory.FromPath(options.ModelPath!);
                _ = factory.CreateBuilder(); // a refused model throws here, not in FromPath
            }
        }
        catch (WhisperModelLoadException e)
        {
            factory?.Dispose();
            throw new RecognitionException($"whisper.cpp could not load the model {options.ModelPath} ({Setting}){Because(said)}.", e);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or FileNotFoundException)
        {
            throw new RecognitionException($"whisper.cpp's native library (libwhisper.so, from the Whisper.net.Runtime package, next to the server in runtimes/linux-x64) did not load: {e.Message}. It needs libgomp1 and libstdc++6 (`./streamlip setup` installs them) and a CPU with AVX2, FMA and F16C.", e);
        }

        return new WhisperModel(factory!, options, layout!, clock.Elapsed);
    }

    /// <summary>What is wrong with the model setting, as a clause after its key (<c>is not set; ...</c>, <c>is PATH,
    /// which is cut short: ...</c>), or null when the file is a whisper model that fits the settings.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="layout">What the file holds, when it could be read.</param>
    public static string? Problem(WhisperOptions options, out WhisperModelLayout? layout)
    {
        layout = null;
        string? path = options.ModelPath;
        if (string.IsNullOrWhiteSpace(path))
        {
            return "is not set; the whisper recognizer needs a whisper.cpp ggml model file you supply (e.g. ggml-base.en.bin; see README \"Conversation\")";
        }

        if (!File.Exists(path))
        {
            return $"is {path}, which does not exist; point it at a whisper.cpp ggml model file (e.g. ggml-base.en.bin)";
        }

        try
        {
            layout = WhisperModelFile.Read(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return e is InvalidDataException ? $"is {path}, which {e.Message}" : $"is {path}, which cannot be read: {e.Message}";
        }

        return layout.Multilingual || options.Language == "en"
            ? null
            : $"is {path}, an English-only model, but Conversation:Whisper:Language is '{options.Language}'; set it to en or use a multilingual model";
    }

    /// <summary>A recogniser with its own processor; dispose it to free the processor.</summary>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="RecognitionException">whisper.cpp could not make the processor.</exception>
    public WhisperRecognizer CreateRecognizer()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            WhisperProcessorBuilder builder = _factory.CreateBuilder()
                .WithThreads(Options.ThreadCount)
                .WithNoContext(); // every utterance on its own: no text of the last one as a prompt
            builder = Options.Language == "auto" ? builder.WithLanguageDetection() : builder.WithLanguage(Options.Language);
            if (Options.AudioContext > 0)
            {
                builder = builder.WithAudioContextSize(Options.AudioContext);
            }

            WhisperProcessor processor;
            try
            {
                processor = builder.Build();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new RecognitionException($"whisper.cpp could not make a decoder for {Options.ModelPath}: {e.Message}", e);
            }

            _recognizers++;
            return new WhisperRecognizer(this, processor);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            FreeIfUnused();
        }
    }

    /// <summary>A recogniser of this model was disposed.</summary>
    internal void Release()
    {
        lock (_gate)
        {
            _recognizers--;
            FreeIfUnused();
        }
    }

    private static void Said(List<string> said, WhisperLogLevel level, string? text)
    {
        if (level == WhisperLogLevel.Error && !string.IsNullOrWhiteSpace(text))
        {
            lock (said)
            {
                said.Add(text.Trim());
            }
        }
    }

    private static string Because(List<string> said)
    {
        lock (said)
        {
            return said.Count == 0 ? string.Empty : ": " + string.Join("; ", said);
        }
    }

    private void FreeIfUnused()
    {
        if (_disposed && _recognizers == 0 && !_freed)
        {
            _freed = true;
            _factory.Dispose();
        }
    }
}
