using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using StreamLip.Realtime.Speech;
using StreamLip.Server.Options;

namespace StreamLip.Server.Speech;

/// <summary>
/// Text to speech with espeak-ng: one process per call (text on stdin, WAV on stdout), its 22 050 Hz 16-bit output
/// resampled to 16 kHz mono. Voices are those <c>espeak-ng --voices</c> lists (language codes such as <c>en</c>,
/// <c>en-us</c>, <c>de</c>, or voice files such as <c>gmw/en-US</c>), optionally with a variant (<c>en+f3</c>).
/// Thread-safe; the voice list is read once.
/// </summary>
internal sealed class EspeakSynthesizer(IOptions<ServerOptions> options)
{
    private readonly Lazy<Task<IReadOnlyList<string>>> _voices = new(() => ListVoicesAsync(options.Value.Speech.EspeakPath));

    private SpeechOptions Options => options.Value.Speech;

    /// <summary>The voices espeak-ng knows (language codes and voice files).</summary>
    /// <exception cref="SpeechException">espeak-ng is not installed (503).</exception>
    public Task<IReadOnlyList<string>> VoicesAsync() => _voices.Value;

    /// <summary>Speaks <paramref name="text"/>: 16 kHz mono samples.</summary>
    /// <param name="text">What to say (plain text; checked for length by the caller).</param>
    /// <param name="voice">A voice of <see cref="VoicesAsync"/>, with an optional <c>+variant</c>; null for the default.</param>
    /// <param name="rate">Words per minute, 80..450; null for the default.</param>
    /// <param name="cancellationToken">Abandons the synthesis (the process is killed).</param>
    /// <exception cref="SpeechException">Unknown voice or rate out of range (400), espeak-ng missing (503) or failing (500).</exception>
    public async Task<float[]> SynthesizeAsync(string text, string? voice, int? rate, CancellationToken cancellationToken)
    {
        voice = string.IsNullOrWhiteSpace(voice) ? Options.DefaultVoice : voice.Trim();
        int wpm = rate ?? Options.DefaultRate;
        if (wpm is < 80 or > 450)
        {
            throw new SpeechException($"The rate is {wpm} words per minute; it must be 80..450.");
        }

        await CheckVoiceAsync(voice).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Options.SynthesisTimeoutSeconds));
        var start = new ProcessStartInfo(Options.EspeakPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Arguments as a list: nothing in the voice can reach a shell; the text goes through stdin.
        foreach (string arg in new[] { "-v", voice, "-s", wpm.ToString(CultureInfo.InvariantCulture), "--stdout", "-b", "1" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = StartProcess(start);
        try
        {
            var stdout = new MemoryStream();
            Task copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, timeout.Token);
            Task<string> stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(text.AsMemory(), timeout.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            await Task.WhenAll(copy, stderr).ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new SpeechException(StatusCodes.Status500InternalServerError, "Speech synthesis failed", $"espeak-ng exited with {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim()}");
            }

            return DecodeWav(stdout.GetBuffer().AsSpan(0, (int)stdout.Length));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SpeechException(StatusCodes.Status500InternalServerError, "Speech synthesis failed", $"espeak-ng took longer than {Options.SynthesisTimeoutSeconds} s (StreamLip:Speech:SynthesisTimeoutSeconds).");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>16 kHz mono samples of a 16-bit PCM WAV (espeak-ng's stdout: its sizes may be placeholders, so the data runs to the end).</summary>
    internal static float[] DecodeWav(ReadOnlySpan<byte> wav)
    {
        if (wav.Length < 12 || !wav[..4].SequenceEqual("RIFF"u8) || !wav[8..12].SequenceEqual("WAVE"u8))
        {
            throw new SpeechException(StatusCodes.Status500InternalServerError, "Speech synthesis failed", "espeak-ng did not write a WAV file.");
        }

        int rate = 0, channels = 0, bits = 0;
        int at = 12;
        while (at + 8 <= wav.Length)
        {
            ReadOnlySpan<byte> id = wav.Slice(at, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(wav[(at + 4)..]);
            at += 8;
            if (id.SequenceEqual("fmt "u8) && at + 16 <= wav.Length)
            {
                channels = BinaryPrimitives.ReadUInt16LittleEndian(wav[(at + 2)..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(wav[(at + 4)..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(wav[(at + 14)..]);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (bits != 16 || channels < 1 || rate < 1000)
                {
                    break;
                }

                int bytes = (int)Math.Min(size, (uint)(wav.Length - at));
                ReadOnlySpan<byte> data = wav.Slice(at, bytes - (bytes % (2 * channels)));
                float[] samples = new float[data.Length / 2];
                for (int i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]) / 32768f;
                }

                return PcmResampler.Resample(samples, rate, channels);
            }

            at += (int)Math.Min(size + (size & 1), (uint)(wav.Length - at));
        }

        throw new SpeechException(StatusCodes.Status500InternalServerError, "Speech synthesis failed", "espeak-ng's WAV has no 16-bit PCM data.");
    }

    private async Task CheckVoiceAsync(string voice)
    {
        int plus = voice.IndexOf('+', StringComparison.Ordinal);
        string name = plus < 0 ? voice : voice[..plus];
        string variant = plus < 0 ? "" : voice[(plus + 1)..];
        IReadOnlyList<string> voices = await VoicesAsync().ConfigureAwait(false);
        bool known = voices.Contains(name, StringComparer.OrdinalIgnoreCase) && variant.All(char.IsAsciiLetterOrDigit) && variant.Length <= 16;
        if (!known)
        {
            throw new SpeechException(StatusCodes.Status400BadRequest, "Unknown voice", $"espeak-ng has no voice '{voice}'. GET /api/voices (or run `espeak-ng --voices`) lists them; a variant may follow a '+', e.g. en+f3.");
        }
    }

    private static Process StartProcess(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new Win32Exception("no process");
        }
        catch (Win32Exception e)
        {
            throw new SpeechException(StatusCodes.Status503ServiceUnavailable, "Text to speech unavailable", $"espeak-ng could not be started ({start.FileName}: {e.Message}); install it (apt-get install espeak-ng) or set StreamLip:Speech:EspeakPath.");
        }
    }

    // Columns of `espeak-ng --voices`: Pty Language Age/Gender VoiceName File Other-languages ("(en 3)": en, priority 3).
    private static async Task<IReadOnlyList<string>> ListVoicesAsync(string program)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("--voices");
        using Process process = StartProcess(start);
        string listing = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        var voices = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in listing.Split('\n').Skip(1))
        {
            string[] columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length >= 5)
            {
                voices.Add(columns[1]); // language code: en-us
                voices.Add(columns[3]); // voice name: English_(America)
                voices.Add(columns[4]); // voice file: gmw/en-US
                foreach (string other in columns.Skip(5).Where(c => c.StartsWith('(')))
                {
                    voices.Add(other.TrimStart('(')); // other languages it speaks: "(en 3)" → en
                }
            }
        }

        return [.. voices];
    }
}
