namespace StreamLip.Audio;

/// <summary>
/// Forward FFT of a real sequence of even length N through one complex FFT of N/2 points: the even and
/// odd samples are packed as real and imaginary parts, transformed, and untangled. Double precision.
/// </summary>
/// <remarks>
/// Immutable after construction (tables computed once), so one instance may be shared by threads; each
/// call brings its own scratch, so a call allocates nothing. Returns bins 0..N/2 of X[k] = Σ x[n]·e^(−2πi·nk/N).
/// </remarks>
internal sealed class RealFft
{
    private readonly ComplexFft _half;
    private readonly double[] _cos; // cos(2πk/N), k = 0..N/2
    private readonly double[] _sin; // sin(2πk/N)

    /// <summary>Plans a transform of <paramref name="length"/> real samples (even, N/2 with factors 2, 3, 5 only).</summary>
    public RealFft(int length)
    {
        if (length < 2 || length % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "Real FFT length must be even and at least 2.");
        }

        Length = length;
        _half = new ComplexFft(length / 2);
        _cos = new double[(length / 2) + 1];
        _sin = new double[(length / 2) + 1];
        for (int k = 0; k <= length / 2; k++)
        {
            (_sin[k], _cos[k]) = Math.SinCos(2.0 * Math.PI * k / length);
        }
    }

    /// <summary>Number of real input samples N.</summary>
    public int Length { get; }

    /// <summary>Number of output bins, N/2 + 1.</summary>
    public int Bins => (Length / 2) + 1;

    /// <summary>Scratch values a call needs: 2·N.</summary>
    public int ScratchLength => 2 * Length;

    /// <summary>Computes bins 0..N/2 of the spectrum of <paramref name="input"/>.</summary>
    /// <param name="input">N real samples; not modified.</param>
    /// <param name="re">Receives <see cref="Bins"/> real parts.</param>
    /// <param name="im">Receives <see cref="Bins"/> imaginary parts.</param>
    /// <param name="scratch"><see cref="ScratchLength"/> values owned by the caller, not overlapping the others.</param>
    public void Forward(ReadOnlySpan<double> input, Span<double> re, Span<double> im, Span<double> scratch)
    {
        int half = Length / 2;
        if (input.Length != Length || re.Length < half + 1 || im.Length < half + 1 || scratch.Length < 2 * Length)
        {
            throw new ArgumentException($"Need {Length} input samples, {half + 1} output bins and {2 * Length} scratch values.");
        }

        Span<double> zr = scratch[..half];
        Span<double> zi = scratch.Slice(half, half);
        Span<double> workRe = scratch.Slice(2 * half, half);
        Span<double> workIm = scratch.Slice(3 * half, half);
        for (int n = 0; n < half; n++)
        {
            zr[n] = input[2 * n];
            zi[n] = input[(2 * n) + 1];
        }

        _half.Forward(zr, zi, workRe, workIm);

        // Z = FFT(even + i·odd): E[k] = (Z[k] + conj Z[−k]) / 2 is the even samples' spectrum,
        // O[k] = (Z[k] − conj Z[−k]) / 2i the odd samples'; X[k] = E[k] + e^(−2πik/N)·O[k].
        for (int k = 0; k <= half; k++)
        {
            int a = k == half ? 0 : k;
            int b = k == 0 ? 0 : half - k;
            double pr = zr[a], pi = zi[a], cr = zr[b], ci = -zi[b];
            double er = 0.5 * (pr + cr), ei = 0.5 * (pi + ci);
            double qr = 0.5 * (pi - ci), qi = -0.5 * (pr - cr);
            double wr = _cos[k], wi = -_sin[k];
            re[k] = er + ((wr * qr) - (wi * qi));
            im[k] = ei + ((wr * qi) + (wi * qr));
        }
    }
}
