namespace StreamLip.Audio;

/// <summary>
/// The Wav2Lip audio front end (<c>audio.melspectrogram</c> with its hparams, librosa 0.7), exactly:
/// 16 kHz mono → pre-emphasis 0.97 → STFT (n_fft 800, hop 200, periodic Hann 800, centred with reflect
/// padding of 400) → magnitude → Slaney mel (80 bands, 55–7600 Hz, area-normalised) →
/// S = 20·log10(max(1e-5, mel)) − 20 → clip(8·(S + 100)/100 − 4, −4, 4). Computed in double precision,
/// stored as float32.
/// </summary>
/// <remarks>
/// <para>A signal of n samples gives 1 + n/200 columns (integer division); column t is centred on sample
/// 200·t and uses samples 200·t − 400 … 200·t + 399, mirrored at both ends.</para>
/// <para>Short signals: for n ≤ 400 the pad is wider than the signal; numpy (hence Wav2Lip) then reflects
/// repeatedly, and that is reproduced. One sample is edge-padded (numpy's legacy rule). An empty signal,
/// which numpy refuses, gives one column of silence (−4).</para>
/// </remarks>
public static class MelSpectrogram
{
    /// <summary>Input sample rate, Hz.</summary>
    public const int SampleRate = 16000;

    /// <summary>STFT window and FFT length, samples (50 ms).</summary>
    public const int FftLength = 800;

    /// <summary>Samples between consecutive columns (12.5 ms), so 80 columns per second.</summary>
    public const int HopLength = 200;

    /// <summary>Number of mel bands per column.</summary>
    public const int Bands = 80;

    /// <summary>Columns per second of audio.</summary>
    public const int ColumnsPerSecond = SampleRate / HopLength;

    /// <summary>The value of a silent band (the lower clip).</summary>
    public const float Silence = -4f;

    /// <summary>Pre-emphasis coefficient: y[n] = x[n] − 0.97·x[n−1], y[0] = x[0].</summary>
    internal const double Preemphasis = 0.97;

    /// <summary>Reflect padding on each side, samples (n_fft / 2).</summary>
    internal const int Pad = FftLength / 2;

    /// <summary>Number of columns for <paramref name="samples"/> samples: 1 + samples/200.</summary>
    public static int ColumnCount(long samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        return checked((int)(1 + (samples / HopLength)));
    }

    /// <summary>Computes the mel spectrogram of a whole signal.</summary>
    /// <param name="samples">16 kHz mono samples, nominally in [−1, 1].</param>
    /// <returns>A new <see cref="MelFrames"/> of <see cref="ColumnCount"/> columns, owned by the caller.</returns>
    public static MelFrames Compute(ReadOnlySpan<float> samples)
    {
        int n = samples.Length;
        var frames = new MelFrames(ColumnCount(n));
        var kernel = new MelColumnKernel();
        double[] frame = new double[FftLength];

        for (int t = 0; t < frames.Columns; t++)
        {
            int start = (t * HopLength) - Pad;
            if (start >= 1 && start + FftLength <= n)
            {
                // Interior frame: no padding, and every sample has its predecessor.
                for (int j = 0; j < FftLength; j++)
                {
                    frame[j] = Preemphasize(samples[start + j], samples[start + j - 1]);
                }
            }
            else if (n == 0)
            {
                Array.Clear(frame);
            }
            else
            {
                for (int j = 0; j < FftLength; j++)
                {
                    int i = (int)ReflectPad.Index(start + j, n);
                    frame[j] = i == 0 ? samples[0] : Preemphasize(samples[i], samples[i - 1]);
                }
            }

            kernel.Compute(frame, frames.ColumnForWrite(t));
        }

        return frames;
    }

    /// <summary>One pre-emphasised sample; the single definition both paths use, so they agree bit for bit.</summary>
    internal static double Preemphasize(float current, float previous) => current - (Preemphasis * previous);
}
