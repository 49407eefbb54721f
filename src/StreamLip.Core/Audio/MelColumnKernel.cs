namespace StreamLip.Audio;

/// <summary>
/// Turns one STFT frame (800 pre-emphasised samples, already reflect-padded where needed) into one
/// normalised mel column: periodic Hann → |FFT| → Slaney mel → dB → Wav2Lip normalisation. Whole-file and
/// streaming computation both go through here, which is what makes their columns bit-identical.
/// </summary>
/// <remarks>Owns its scratch (≈ 30 KB), so it is not thread-safe: one per caller. Allocates nothing per column.</remarks>
internal sealed class MelColumnKernel
{
    private const double MinAmplitude = 1e-5; // Wav2Lip: exp(min_level_db / 20 · ln 10), min_level_db = −100
    private const double RefLevelDb = 20.0;
    private const double MinLevelDb = -100.0;
    private const double MaxAbsValue = 4.0;

    private static readonly RealFft Fft = new(MelSpectrogram.FftLength);
    private static readonly double[] Window = CreatePeriodicHann(MelSpectrogram.FftLength);

    private readonly double[] _windowed = new double[MelSpectrogram.FftLength];
    private readonly double[] _scratch = new double[Fft.ScratchLength];
    private readonly double[] _re = new double[Fft.Bins];
    private readonly double[] _im = new double[Fft.Bins];
    private readonly double[] _magnitude = new double[Fft.Bins];
    private readonly double[] _mel = new double[MelSpectrogram.Bands];

    /// <summary>Computes one column.</summary>
    /// <param name="frame"><see cref="MelSpectrogram.FftLength"/> pre-emphasised samples; not modified.</param>
    /// <param name="column">Receives <see cref="MelSpectrogram.Bands"/> values in [−4, 4].</param>
    public void Compute(ReadOnlySpan<double> frame, Span<float> column)
    {
        if (frame.Length != MelSpectrogram.FftLength || column.Length < MelSpectrogram.Bands)
        {
            throw new ArgumentException($"Need {MelSpectrogram.FftLength} samples and room for {MelSpectrogram.Bands} bands.");
        }

        double[] windowed = _windowed;
        for (int n = 0; n < windowed.Length; n++)
        {
            windowed[n] = frame[n] * Window[n];
        }

        Fft.Forward(windowed, _re, _im, _scratch);
        for (int k = 0; k < _magnitude.Length; k++)
        {
            _magnitude[k] = Math.Sqrt((_re[k] * _re[k]) + (_im[k] * _im[k]));
        }

        SlaneyMelFilterbank.Wav2Lip.Apply(_magnitude, _mel);
        for (int b = 0; b < _mel.Length; b++)
        {
            // Wav2Lip _amp_to_db − ref_level_db, then _normalize (symmetric, max_abs_value 4).
            double db = (20.0 * Math.Log10(Math.Max(MinAmplitude, _mel[b]))) - RefLevelDb;
            double normalised = (2.0 * MaxAbsValue * ((db - MinLevelDb) / -MinLevelDb)) - MaxAbsValue;
            column[b] = (float)Math.Clamp(normalised, -MaxAbsValue, MaxAbsValue);
        }
    }

    // scipy.signal.get_window('hann', n, fftbins=True): the symmetric window of n + 1 points minus its last.
    private static double[] CreatePeriodicHann(int n)
    {
        double[] w = new double[n];
        for (int i = 0; i < n; i++)
        {
            w[i] = 0.5 - (0.5 * Math.Cos(2.0 * Math.PI * i / n));
        }

        return w;
    }
}
