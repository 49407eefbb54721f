using System.Runtime.InteropServices;

namespace StreamLip.Server.Conversation.Recognition;

/// <summary>
/// CMU Sphinx (PocketSphinx from Debian, <c>pocketsphinx-en-us</c>'s acoustic model, language model and dictionary),
/// decoding as the user speaks: each <see cref="Write"/> runs the search over the new audio, so at the end of speech
/// only the last frames remain. One native decoder per instance (≈ 2 s to load on 2 cores), one caller at a time.
/// </summary>
internal sealed class SphinxRecognizer : ISpeechRecognizer
{
    private readonly SphinxDecoderHandle _decoder;
    private readonly short[] _pcm = new short[4096];
    private readonly Lock _gate = new();
    private bool _inUtterance;

    private SphinxRecognizer(SphinxDecoderHandle decoder) => _decoder = decoder;

    /// <inheritdoc/>
    public string Engine => "sphinx";

    /// <summary>Loads a decoder.</summary>
    /// <param name="modelDirectory">Folder with <c>en-us/</c> (acoustic model), <c>en-us.lm.bin</c> and <c>cmudict-en-us.dict</c>.</param>
    /// <param name="extraArguments">More decoder settings as name/value pairs (e.g. <c>-maxhmmpf 3000</c>), or empty.</param>
    /// <exception cref="RecognitionException">The library or the model is missing (naming the Debian package), or the decoder refused the settings.</exception>
    public static SphinxRecognizer Load(string modelDirectory, IReadOnlyList<string> extraArguments)
    {
        string hmm = Path.Combine(modelDirectory, "en-us");
        string lm = Path.Combine(modelDirectory, "en-us.lm.bin");
        string dict = Path.Combine(modelDirectory, "cmudict-en-us.dict");
        foreach (string path in new[] { Path.Combine(hmm, "mdef"), lm, dict })
        {
            if (!File.Exists(path))
            {
                throw new RecognitionException($"The Sphinx model file {path} is missing: install Debian's pocketsphinx-en-us (`./streamlip setup` does) or set StreamLip:Conversation:Sphinx:ModelDirectory.");
            }
        }

        string[] argv = ["-hmm", hmm, "-lm", lm, "-dict", dict, "-logfn", "/dev/null", .. extraArguments];
        nint decoder;
        try
        {
            nint config = SphinxNative.cmd_ln_parse_r(0, SphinxNative.ps_args(), argv.Length, argv, 1);
            if (config == 0)
            {
                throw new RecognitionException($"PocketSphinx refused its settings ({string.Join(' ', extraArguments)}); see StreamLip:Conversation:Sphinx:Arguments.");
            }

            decoder = SphinxNative.ps_init(config); // keeps the configuration
            if (decoder == 0)
            {
                SphinxNative.cmd_ln_free_r(config);
                throw new RecognitionException($"PocketSphinx could not load its model from {modelDirectory}.");
            }
        }
        catch (DllNotFoundException e)
        {
            throw new RecognitionException("libpocketsphinx.so.3 is not installed: install Debian's libpocketsphinx3 (`./streamlip setup` does).", e);
        }

        return new SphinxRecognizer(SphinxDecoderHandle.Own(decoder));
    }

    /// <inheritdoc/>
    public void Begin()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_decoder.IsClosed, this);
            if (_inUtterance)
            {
                SphinxNative.ps_end_utt(_decoder);
            }

            Check(SphinxNative.ps_start_utt(_decoder), "start an utterance");
            _inUtterance = true;
        }
    }

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<float> samples16k)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_decoder.IsClosed, this);
            if (!_inUtterance)
            {
                return;
            }

            while (!samples16k.IsEmpty)
            {
                int n = Math.Min(samples16k.Length, _pcm.Length);
                for (int i = 0; i < n; i++)
                {
                    _pcm[i] = (short)Math.Clamp(samples16k[i] * 32767f, -32768f, 32767f);
                }

                unsafe
                {
                    fixed (short* p = _pcm)
                    {
                        Check(SphinxNative.ps_process_raw(_decoder, p, (nuint)n, 0, 0), "decode audio");
                    }
                }

                samples16k = samples16k[n..];
            }
        }
    }

    /// <inheritdoc/>
    public string? Partial()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_decoder.IsClosed, this);
            return _inUtterance ? Hypothesis() : null;
        }
    }

    /// <inheritdoc/>
    public Task<string> FinishAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_decoder.IsClosed, this);
            if (!_inUtterance)
            {
                return Task.FromResult(string.Empty);
            }

            _inUtterance = false;
            Check(SphinxNative.ps_end_utt(_decoder), "end the utterance");
            return Task.FromResult(Hypothesis() ?? string.Empty);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_gate)
        {
            _decoder.Dispose();
        }
    }

    private static void Check(int result, string what)
    {
        if (result < 0)
        {
            throw new RecognitionException($"PocketSphinx could not {what} (error {result}).");
        }
    }

    private string? Hypothesis()
    {
        nint text = SphinxNative.ps_get_hyp(_decoder, out _);
        string? s = text == 0 ? null : Marshal.PtrToStringUTF8(text)?.Trim();
        return string.IsNullOrEmpty(s) ? null : s;
    }
}
