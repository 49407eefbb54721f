using System.Diagnostics;
using System.Runtime.InteropServices;
using StreamLip.Media.Audio;

namespace StreamLip.LoadHarness.Speech;

/// <summary>
/// The clients' microphone signal: espeak-ng sentences (<c>espeak-ng -w</c>, decoded to 48 kHz mono by
/// <see cref="AudioFileDecoder"/>) separated by pauses, looped. Its length is a whole number of 20 ms chunks, so a
/// chunk never straddles the loop's end and <see cref="Chunk"/> hands out slices of one array (no copy, no allocation).
/// </summary>
internal sealed class SpeechLoop : IMicrophoneSource
{
    private static readonly (string Text, double PauseSeconds)[] Sentences =
    [
        ("Hello there. I am the StreamLip avatar, and I speak with your voice.", 1.2),
        ("Every word you say should move my lips, a fraction of a second later.", 0.8),
        ("When you stop talking, my mouth should rest and stay still.", 2.0),
        ("Sixteen of us at once on two small cores is the goal of this test.", 1.0),
        ("Thank you for listening; I will start again from the beginning.", 1.5),
    ];

    private readonly float[] _samples;

    private SpeechLoop(float[] samples, double speechSeconds)
    {
        _samples = samples;
        SpeechSeconds = speechSeconds;
    }

    /// <summary>Length of the loop in 20 ms chunks.</summary>
    public int Chunks => _samples.Length / BrowserLikeClient.ChunkSamples;

    /// <summary>Length of the loop in seconds.</summary>
    public double Seconds => _samples.Length / (double)BrowserLikeClient.AudioRate;

    /// <summary>Seconds of the loop that are espeak-ng's output (the rest is the pauses between sentences).</summary>
    public double SpeechSeconds { get; }

    /// <summary>Synthesises the sentences in <paramref name="directory"/> (WAV files left there) and builds the loop.</summary>
    /// <exception cref="InvalidOperationException">espeak-ng is missing or failed.</exception>
    public static SpeechLoop Create(string directory)
    {
        Directory.CreateDirectory(directory);
        var loop = new List<float>();
        double speech = 0;
        for (int i = 0; i < Sentences.Length; i++)
        {
            var (text, pause) = Sentences[i];
            string wav = Path.Combine(directory, $"sentence{i}.wav");
            Speak(text, wav);
            float[] voice = AudioFileDecoder.Decode(wav, BrowserLikeClient.AudioRate, 1);
            speech += voice.Length / (double)BrowserLikeClient.AudioRate;
            loop.AddRange(voice);
            loop.AddRange(new float[(int)(pause * BrowserLikeClient.AudioRate)]);
        }

        // Pad with silence to whole chunks.
        int remainder = loop.Count % BrowserLikeClient.ChunkSamples;
        if (remainder != 0)
        {
            loop.AddRange(new float[BrowserLikeClient.ChunkSamples - remainder]);
        }

        return new SpeechLoop([.. loop], speech);
    }

    /// <summary>The whole loop, 48 kHz mono float.</summary>
    public ReadOnlySpan<float> Samples => _samples;

    /// <summary>Chunk <paramref name="index"/> of a client that starts <paramref name="offsetChunks"/> chunks into the loop: 960 samples (20 ms) as F32LE bytes.</summary>
    public ReadOnlySpan<byte> Chunk(int offsetChunks, long index)
    {
        long chunk = (offsetChunks + index) % Chunks;
        return MemoryMarshal.AsBytes(_samples.AsSpan((int)chunk * BrowserLikeClient.ChunkSamples, BrowserLikeClient.ChunkSamples));
    }

    private static void Speak(string text, string wav)
    {
        var info = new ProcessStartInfo("espeak-ng") { UseShellExecute = false, RedirectStandardError = true };
        foreach (string a in new[] { "-v", "en-us", "-s", "150", "-w", wav, text })
        {
            info.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("espeak-ng did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("espeak-ng is not installed (Debian package espeak-ng; ./streamlip setup installs it).", e);
        }

        using (process)
        {
            string error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(30_000) || process.ExitCode != 0 || !File.Exists(wav))
            {
                throw new InvalidOperationException($"espeak-ng failed for '{text}': {error.Trim()}");
            }
        }
    }
}
