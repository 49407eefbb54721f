namespace StreamLip.Audio;

/// <summary>
/// Mixed-radix (4, 2, 3, 5) forward complex FFT in double precision, Stockham autosort (self-sorting, so
/// no digit-reversal pass). Lengths must factor into 2, 3 and 5 only; 400 runs as radices 4·4·5·5.
/// </summary>
/// <remarks>
/// Immutable after construction: the twiddle tables are computed once and an instance may be shared by
/// threads. Every call brings its own buffers (split real/imaginary parts), so a call allocates nothing.
/// Computes X[k] = Σ x[n]·e^(−2πi·nk/N), unscaled.
/// </remarks>
internal sealed class ComplexFft
{
    private readonly int[] _radices;

    // Per stage, twiddles ω_len^(p·k) for p < len/r and k = 1..r−1, at [p·(r−1) + k−1]; len is the
    // sub-transform length that stage splits.
    private readonly double[][] _twiddleRe;
    private readonly double[][] _twiddleIm;

    /// <summary>Plans a transform of <paramref name="length"/> points.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is not positive or has a prime factor above 5.</exception>
    public ComplexFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        Length = length;
        _radices = Factor(length);
        _twiddleRe = new double[_radices.Length][];
        _twiddleIm = new double[_radices.Length][];

        int len = length;
        for (int s = 0; s < _radices.Length; s++)
        {
            int r = _radices[s];
            int m = len / r;
            double[] twRe = new double[m * (r - 1)];
            double[] twIm = new double[m * (r - 1)];
            for (int p = 0; p < m; p++)
            {
                for (int k = 1; k < r; k++)
                {
                    // Reduce p·k modulo len first so the angle stays in [0, 2π) and keeps full precision.
                    int j = p * k % len;
                    (double sin, double cos) = Math.SinCos(2.0 * Math.PI * j / len);
                    twRe[(p * (r - 1)) + k - 1] = cos;
                    twIm[(p * (r - 1)) + k - 1] = -sin;
                }
            }

            _twiddleRe[s] = twRe;
            _twiddleIm[s] = twIm;
            len = m;
        }
    }

    /// <summary>Number of points.</summary>
    public int Length { get; }

    /// <summary>Transforms (<paramref name="re"/>, <paramref name="im"/>) in place.</summary>
    /// <param name="re">Real parts, <see cref="Length"/> values; replaced by the spectrum's real parts.</param>
    /// <param name="im">Imaginary parts, <see cref="Length"/> values; replaced likewise.</param>
    /// <param name="workRe">Scratch of at least <see cref="Length"/> values, owned by the caller; contents are garbage afterwards.</param>
    /// <param name="workIm">Scratch like <paramref name="workRe"/>; must not overlap any other argument.</param>
    public void Forward(Span<double> re, Span<double> im, Span<double> workRe, Span<double> workIm)
    {
        int n = Length;
        if (re.Length < n || im.Length < n || workRe.Length < n || workIm.Length < n)
        {
            throw new ArgumentException($"Every buffer needs at least {n} values.");
        }

        Span<double> xr = re[..n], xi = im[..n], yr = workRe[..n], yi = workIm[..n];
        int stride = 1;
        int len = n;
        for (int s = 0; s < _radices.Length; s++)
        {
            int r = _radices[s];
            int m = len / r;
            double[] twRe = _twiddleRe[s], twIm = _twiddleIm[s];
            switch (r)
            {
                case 4: Radix4(xr, xi, yr, yi, stride, m, twRe, twIm); break;
                case 2: Radix2(xr, xi, yr, yi, stride, m, twRe, twIm); break;
                case 3: Radix3(xr, xi, yr, yi, stride, m, twRe, twIm); break;
                default: Radix5(xr, xi, yr, yi, stride, m, twRe, twIm); break;
            }

            // The output of this stage is the input of the next (ping-pong between the two buffers).
            Span<double> t = xr; xr = yr; yr = t;
            t = xi; xi = yi; yi = t;
            stride *= r;
            len = m;
        }

        if (_radices.Length % 2 == 1)
        {
            xr.CopyTo(re);
            xi.CopyTo(im);
        }
    }

    private static int[] Factor(int length)
    {
        int n = length;
        var radices = new List<int>();
        while (n % 4 == 0) { radices.Add(4); n /= 4; }
        while (n % 2 == 0) { radices.Add(2); n /= 2; }
        while (n % 3 == 0) { radices.Add(3); n /= 3; }
        while (n % 5 == 0) { radices.Add(5); n /= 5; }
        if (n != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "FFT length must have no prime factor other than 2, 3 and 5.");
        }

        return [.. radices];
    }

    // One Stockham decimation-in-frequency stage. The data hold `s` interleaved sub-transforms of length
    // r·m: element p of sub-transform q sits at q + s·p. Input a_j = x[q + s·(p + j·m)]; output
    // y[q + s·(r·p + k)] = ω_(r·m)^(p·k) · Σ_j a_j ω_r^(j·k), which leaves r·s sub-transforms of length m.
    private static void Radix2(
        ReadOnlySpan<double> xr, ReadOnlySpan<double> xi, Span<double> yr, Span<double> yi,
        int s, int m, double[] twRe, double[] twIm)
    {
        int sm = s * m;
        for (int p = 0; p < m; p++)
        {
            double w1r = twRe[p], w1i = twIm[p];
            int inBase = s * p, outBase = 2 * s * p;
            for (int q = 0; q < s; q++)
            {
                int i0 = inBase + q;
                double a0r = xr[i0], a0i = xi[i0], a1r = xr[i0 + sm], a1i = xi[i0 + sm];
                double dr = a0r - a1r, di = a0i - a1i;
                int o = outBase + q;
                yr[o] = a0r + a1r;
                yi[o] = a0i + a1i;
                yr[o + s] = (dr * w1r) - (di * w1i);
                yi[o + s] = (dr * w1i) + (di * w1r);
            }
        }
    }

    private static void Radix3(
        ReadOnlySpan<double> xr, ReadOnlySpan<double> xi, Span<double> yr, Span<double> yi,
        int s, int m, double[] twRe, double[] twIm)
    {
        const double Sin60 = 0.86602540378443864676; // sin(2π/3)
        int sm = s * m;
        for (int p = 0; p < m; p++)
        {
            double w1r = twRe[2 * p], w1i = twIm[2 * p], w2r = twRe[(2 * p) + 1], w2i = twIm[(2 * p) + 1];
            int inBase = s * p, outBase = 3 * s * p;
            for (int q = 0; q < s; q++)
            {
                int i0 = inBase + q;
                double a0r = xr[i0], a0i = xi[i0];
                double a1r = xr[i0 + sm], a1i = xi[i0 + sm];
                double a2r = xr[i0 + (2 * sm)], a2i = xi[i0 + (2 * sm)];
                double tr = a1r + a2r, ti = a1i + a2i;
                double dr = Sin60 * (a1r - a2r), di = Sin60 * (a1i - a2i);
                double mr = a0r - (0.5 * tr), mi = a0i - (0.5 * ti);

                // b1 = m − i·d, b2 = m + i·d
                double b1r = mr + di, b1i = mi - dr, b2r = mr - di, b2i = mi + dr;
                int o = outBase + q;
                yr[o] = a0r + tr;
                yi[o] = a0i + ti;
                yr[o + s] = (b1r * w1r) - (b1i * w1i);
                yi[o + s] = (b1r * w1i) + (b1i * w1r);
                yr[o + (2 * s)] = (b2r * w2r) - (b2i * w2i);
                yi[o + (2 * s)] = (b2r * w2i) + (b2i * w2r);
            }
        }
    }

    private static void Radix4(
        ReadOnlySpan<double> xr, ReadOnlySpan<double> xi, Span<double> yr, Span<double> yi,
        int s, int m, double[] twRe, double[] twIm)
    {
        int sm = s * m;
        for (int p = 0; p < m; p++)
        {
            int tw = 3 * p;
            double w1r = twRe[tw], w1i = twIm[tw];
            double w2r = twRe[tw + 1], w2i = twIm[tw + 1];
            double w3r = twRe[tw + 2], w3i = twIm[tw + 2];
            int inBase = s * p, outBase = 4 * s * p;
            for (int q = 0; q < s; q++)
            {
                int i0 = inBase + q;
                double a0r = xr[i0], a0i = xi[i0];
                double a1r = xr[i0 + sm], a1i = xi[i0 + sm];
                double a2r = xr[i0 + (2 * sm)], a2i = xi[i0 + (2 * sm)];
                double a3r = xr[i0 + (3 * sm)], a3i = xi[i0 + (3 * sm)];

                double t0r = a0r + a2r, t0i = a0i + a2i;
                double t1r = a0r - a2r, t1i = a0i - a2i;
                double t2r = a1r + a3r, t2i = a1i + a3i;
                double t3r = a1r - a3r, t3i = a1i - a3i;

                // b1 = t1 − i·t3, b2 = t0 − t2, b3 = t1 + i·t3
                double b1r = t1r + t3i, b1i = t1i - t3r;
                double b2r = t0r - t2r, b2i = t0i - t2i;
                double b3r = t1r - t3i, b3i = t1i + t3r;

                int o = outBase + q;
                yr[o] = t0r + t2r;
                yi[o] = t0i + t2i;
                yr[o + s] = (b1r * w1r) - (b1i * w1i);
                yi[o + s] = (b1r * w1i) + (b1i * w1r);
                yr[o + (2 * s)] = (b2r * w2r) - (b2i * w2i);
                yi[o + (2 * s)] = (b2r * w2i) + (b2i * w2r);
                yr[o + (3 * s)] = (b3r * w3r) - (b3i * w3i);
                yi[o + (3 * s)] = (b3r * w3i) + (b3i * w3r);
            }
        }
    }

    private static void Radix5(
        ReadOnlySpan<double> xr, ReadOnlySpan<double> xi, Span<double> yr, Span<double> yi,
        int s, int m, double[] twRe, double[] twIm)
    {
        const double C1 = 0.30901699437494742410;  // cos(2π/5)
        const double C2 = -0.80901699437494742410; // cos(4π/5)
        const double S1 = 0.95105651629515357212;  // sin(2π/5)
        const double S2 = 0.58778525229247312917;  // sin(4π/5)
        int sm = s * m;
        for (int p = 0; p < m; p++)
        {
            int tw = 4 * p;
            double w1r = twRe[tw], w1i = twIm[tw];
            double w2r = twRe[tw + 1], w2i = twIm[tw + 1];
            double w3r = twRe[tw + 2], w3i = twIm[tw + 2];
            double w4r = twRe[tw + 3], w4i = twIm[tw + 3];
            int inBase = s * p, outBase = 5 * s * p;
            for (int q = 0; q < s; q++)
            {
                int i0 = inBase + q;
                double a0r = xr[i0], a0i = xi[i0];
                double a1r = xr[i0 + sm], a1i = xi[i0 + sm];
                double a2r = xr[i0 + (2 * sm)], a2i = xi[i0 + (2 * sm)];
                double a3r = xr[i0 + (3 * sm)], a3i = xi[i0 + (3 * sm)];
                double a4r = xr[i0 + (4 * sm)], a4i = xi[i0 + (4 * sm)];

                double s1r = a1r + a4r, s1i = a1i + a4i, d1r = a1r - a4r, d1i = a1i - a4i;
                double s2r = a2r + a3r, s2i = a2i + a3i, d2r = a2r - a3r, d2i = a2i - a3i;

                double r1r = a0r + (C1 * s1r) + (C2 * s2r), r1i = a0i + (C1 * s1i) + (C2 * s2i);
                double r2r = a0r + (C2 * s1r) + (C1 * s2r), r2i = a0i + (C2 * s1i) + (C1 * s2i);
                double z1r = (S1 * d1r) + (S2 * d2r), z1i = (S1 * d1i) + (S2 * d2i);
                double z2r = (S2 * d1r) - (S1 * d2r), z2i = (S2 * d1i) - (S1 * d2i);

                // b1 = r1 − i·z1, b4 = r1 + i·z1, b2 = r2 − i·z2, b3 = r2 + i·z2
                double b1r = r1r + z1i, b1i = r1i - z1r;
                double b4r = r1r - z1i, b4i = r1i + z1r;
                double b2r = r2r + z2i, b2i = r2i - z2r;
                double b3r = r2r - z2i, b3i = r2i + z2r;

                int o = outBase + q;
                yr[o] = a0r + s1r + s2r;
                yi[o] = a0i + s1i + s2i;
                yr[o + s] = (b1r * w1r) - (b1i * w1i);
                yi[o + s] = (b1r * w1i) + (b1i * w1r);
                yr[o + (2 * s)] = (b2r * w2r) - (b2i * w2i);
                yi[o + (2 * s)] = (b2r * w2i) + (b2i * w2r);
                yr[o + (3 * s)] = (b3r * w3r) - (b3i * w3i);
                yi[o + (3 * s)] = (b3r * w3i) + (b3i * w3r);
                yr[o + (4 * s)] = (b4r * w4r) - (b4i * w4i);
                yi[o + (4 * s)] = (b4r * w4i) + (b4i * w4r);
            }
        }
    }
}
