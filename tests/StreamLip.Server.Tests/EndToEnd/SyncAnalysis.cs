using System.Globalization;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>
/// Cross-correlation of two signals on one clock: both are put on a 10 ms grid (linear interpolation between their
/// samples, so a 40 ms frame and a 10.7 ms audio block carry no half-sample bias), and Pearson's r is taken at every
/// lag in a range. The peak is refined between grid steps by a parabola through its neighbours.
/// </summary>
internal static class SyncAnalysis
{
    public const double StepMs = 10;

    /// <summary>
    /// How much later <paramref name="later"/> follows <paramref name="earlier"/> (ms; negative: it comes first), from
    /// <paramref name="minLagMs"/> to <paramref name="maxLagMs"/>, over the times both cover within [<paramref name="fromMs"/>, <paramref name="toMs"/>).
    /// </summary>
    public static SyncPeak Lag(
        IReadOnlyList<(double TimeMs, double Value)> earlier,
        IReadOnlyList<(double TimeMs, double Value)> later,
        double minLagMs,
        double maxLagMs,
        double fromMs = double.NegativeInfinity,
        double toMs = double.PositiveInfinity)
    {
        double t0 = Math.Max(Math.Max(earlier[0].TimeMs, later[0].TimeMs - minLagMs), fromMs);
        double t1 = Math.Min(Math.Min(earlier[^1].TimeMs, later[^1].TimeMs - maxLagMs), toMs);
        if (t1 - t0 < 1000)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The signals overlap for {(t1 - t0) / 1000:F1} s at lags {minLagMs:F0}..{maxLagMs:F0} ms: too little to correlate."));
        }

        int n = (int)((t1 - t0) / StepMs);
        double[] a = Grid(earlier, t0, n);
        int lo = (int)Math.Round(minLagMs / StepMs);
        int hi = (int)Math.Round(maxLagMs / StepMs);
        double[] r = new double[hi - lo + 1];
        for (int k = lo; k <= hi; k++)
        {
            r[k - lo] = Pearson(a, Grid(later, t0 + (k * StepMs), n));
        }

        int peak = 0;
        for (int i = 1; i < r.Length; i++)
        {
            if (r[i] > r[peak])
            {
                peak = i;
            }
        }

        // A parabola through the peak and its neighbours puts it between grid steps.
        double shift = 0.0;
        if (peak > 0 && peak < r.Length - 1)
        {
            double d = r[peak - 1] - (2 * r[peak]) + r[peak + 1];
            shift = d < 0 ? 0.5 * (r[peak - 1] - r[peak + 1]) / d : 0;
        }

        // The runner-up: the highest other local maximum (a second peak a frame or a syllable away shows an ambiguous
        // measurement); the width: the span of lags whose r is within 0.05 of the peak's (a broad peak is an imprecise one).
        int runnerUp = -1;
        for (int i = 0; i < r.Length; i++)
        {
            bool local = (i == 0 || r[i] >= r[i - 1]) && (i == r.Length - 1 || r[i] >= r[i + 1]);
            if (local && Math.Abs(i - peak) > 2 && (runnerUp < 0 || r[i] > r[runnerUp]))
            {
                runnerUp = i;
            }
        }

        int left = peak, right = peak;
        while (left > 0 && r[left - 1] >= r[peak] - 0.05)
        {
            left--;
        }

        while (right < r.Length - 1 && r[right + 1] >= r[peak] - 0.05)
        {
            right++;
        }

        return new SyncPeak(
            (lo + peak + shift) * StepMs,
            r[peak],
            runnerUp < 0 ? double.NaN : (lo + runnerUp) * StepMs,
            runnerUp < 0 ? double.NaN : r[runnerUp],
            (right - left) * StepMs,
            n * StepMs / 1000);
    }

    /// <summary>The signal at <c>t0 + i·10 ms</c>, linearly interpolated (held at its ends).</summary>
    public static double[] Grid(IReadOnlyList<(double TimeMs, double Value)> signal, double t0, int n)
    {
        double[] grid = new double[n];
        int j = 0;
        for (int i = 0; i < n; i++)
        {
            double t = t0 + (i * StepMs);
            while (j < signal.Count - 2 && signal[j + 1].TimeMs <= t)
            {
                j++;
            }

            var (ta, va) = signal[j];
            var (tb, vb) = signal[Math.Min(j + 1, signal.Count - 1)];
            grid[i] = t <= ta || tb <= ta ? va : t >= tb ? vb : va + ((vb - va) * (t - ta) / (tb - ta));
        }

        return grid;
    }

    public static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }

        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : 0;
    }
}

/// <summary>A cross-correlation peak: its lag (ms) and r, the runner-up local maximum's lag and r, the peak's width (ms, r within 0.05) and the seconds correlated.</summary>
internal sealed record SyncPeak(double LagMs, double R, double RunnerUpLagMs, double RunnerUpR, double WidthMs, double Seconds)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{LagMs:F0} ms (r {R:F2}; runner-up {RunnerUpLagMs:F0} ms, r {RunnerUpR:F2}; width {WidthMs:F0} ms; {Seconds:F0} s)");
}
