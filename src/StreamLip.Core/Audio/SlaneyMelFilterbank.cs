namespace StreamLip.Audio;

/// <summary>
/// The Slaney-style mel filterbank of librosa 0.7 <c>filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False,
/// norm=1)</c>: triangles between mel-spaced points on the Slaney scale (linear below 1 kHz, logarithmic
/// above), area-normalised by 2 / (f[i+2] − f[i]). Weights are kept in double precision (librosa rounds
/// them to float32; the difference is below 1.2e-7 relative).
/// </summary>
/// <remarks>Immutable; share one instance. Stored sparsely: each band is a run of non-zero bins.</remarks>
internal sealed class SlaneyMelFilterbank
{
    private const double HzPerMelBelow1k = 200.0 / 3.0;
    private const double MinLogHz = 1000.0;
    private const double MinLogMel = MinLogHz / HzPerMelBelow1k; // 15
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    private readonly int[] _firstBin;   // per band: first bin with a non-zero weight
    private readonly int[] _offset;     // per band: start of its weights in _weights
    private readonly int[] _count;      // per band: number of weights
    private readonly double[] _weights; // all runs, band after band

    /// <summary>Builds the filterbank.</summary>
    /// <param name="sampleRate">Samples per second.</param>
    /// <param name="fftLength">FFT length; the filterbank has fftLength/2 + 1 bins.</param>
    /// <param name="bands">Number of mel bands.</param>
    /// <param name="minHz">Lower edge of the first triangle, Hz.</param>
    /// <param name="maxHz">Upper edge of the last triangle, Hz.</param>
    public SlaneyMelFilterbank(int sampleRate, int fftLength, int bands, double minHz, double maxHz)
    {
        Bands = bands;
        Bins = 1 + (fftLength / 2);
        Dense = CreateDense(sampleRate, fftLength, bands, minHz, maxHz);

        _firstBin = new int[bands];
        _offset = new int[bands];
        _count = new int[bands];
        var weights = new List<double>();
        for (int b = 0; b < bands; b++)
        {
            ReadOnlySpan<double> row = Dense.AsSpan(b * Bins, Bins);
            int first = row.IndexOfAnyExcept(0.0);
            int last = row.LastIndexOfAnyExcept(0.0);
            if (first < 0)
            {
                continue; // an empty band (possible for very narrow bands) contributes 0
            }

            _firstBin[b] = first;
            _offset[b] = weights.Count;
            _count[b] = last - first + 1;
            for (int k = first; k <= last; k++)
            {
                weights.Add(row[k]);
            }
        }

        _weights = [.. weights];
    }

    /// <summary>The Wav2Lip filterbank: 16 kHz, n_fft 800, 80 bands, 55–7600 Hz.</summary>
    public static SlaneyMelFilterbank Wav2Lip { get; } = new(
        MelSpectrogram.SampleRate, MelSpectrogram.FftLength, MelSpectrogram.Bands, 55.0, 7600.0);

    /// <summary>Number of mel bands (rows).</summary>
    public int Bands { get; }

    /// <summary>Number of FFT bins (columns), n_fft/2 + 1.</summary>
    public int Bins { get; }

    /// <summary>The weights as a dense row-major [Bands, Bins] matrix (for tests and inspection; do not modify).</summary>
    public double[] Dense { get; }

    /// <summary>mel[b] = Σ_k weight[b, k] · magnitude[k].</summary>
    /// <param name="magnitude"><see cref="Bins"/> linear magnitudes.</param>
    /// <param name="mel">Receives <see cref="Bands"/> values.</param>
    public void Apply(ReadOnlySpan<double> magnitude, Span<double> mel)
    {
        if (magnitude.Length < Bins || mel.Length < Bands)
        {
            throw new ArgumentException($"Need {Bins} magnitudes and room for {Bands} bands.");
        }

        for (int b = 0; b < Bands; b++)
        {
            ReadOnlySpan<double> w = _weights.AsSpan(_offset[b], _count[b]);
            ReadOnlySpan<double> x = magnitude.Slice(_firstBin[b], w.Length);
            double sum = 0.0;
            for (int k = 0; k < w.Length; k++)
            {
                sum += w[k] * x[k];
            }

            mel[b] = sum;
        }
    }

    /// <summary>Hz → mel on the Slaney scale (librosa <c>hz_to_mel(htk=False)</c>).</summary>
    public static double HzToMel(double hz) =>
        hz >= MinLogHz ? MinLogMel + (Math.Log(hz / MinLogHz) / LogStep) : hz / HzPerMelBelow1k;

    /// <summary>Mel → Hz on the Slaney scale (librosa <c>mel_to_hz(htk=False)</c>).</summary>
    public static double MelToHz(double mel) =>
        mel >= MinLogMel ? MinLogHz * Math.Exp(LogStep * (mel - MinLogMel)) : HzPerMelBelow1k * mel;

    private static double[] CreateDense(int sampleRate, int fftLength, int bands, double minHz, double maxHz)
    {
        int bins = 1 + (fftLength / 2);

        // Centre frequency of each FFT bin: numpy linspace(0, sr/2, bins).
        double[] binHz = new double[bins];
        double binStep = sampleRate / 2.0 / (bins - 1);
        for (int k = 0; k < bins; k++)
        {
            binHz[k] = k * binStep;
        }

        binHz[bins - 1] = sampleRate / 2.0;

        // bands + 2 points evenly spaced in mel (numpy linspace: i·step + start, last = stop), back in Hz.
        double minMel = HzToMel(minHz), maxMel = HzToMel(maxHz);
        double melStep = (maxMel - minMel) / (bands + 1);
        double[] pointHz = new double[bands + 2];
        for (int i = 0; i < pointHz.Length; i++)
        {
            pointHz[i] = MelToHz(i == bands + 1 ? maxMel : (i * melStep) + minMel);
        }

        double[] dense = new double[bands * bins];
        for (int b = 0; b < bands; b++)
        {
            double lo = pointHz[b], mid = pointHz[b + 1], hi = pointHz[b + 2];
            double areaNorm = 2.0 / (hi - lo);
            for (int k = 0; k < bins; k++)
            {
                double rising = (binHz[k] - lo) / (mid - lo);
                double falling = (hi - binHz[k]) / (hi - mid);
                dense[(b * bins) + k] = Math.Max(0.0, Math.Min(rising, falling)) * areaNorm;
            }
        }

        return dense;
    }
}
