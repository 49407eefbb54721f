namespace StreamLip.LoadHarness.Soak;

/// <summary>
/// Whether a soak's resources were flat after warm-up: a least-squares line through the samples after
/// <c>warmup</c>, its rise over that span compared with a noise allowance. A leak shows as a steady rise; the
/// sawtooth of the GC or of pooled buffers does not move the fitted line much.
/// </summary>
internal static class SoakTrend
{
    /// <summary>The rise of the fitted line over the samples after <paramref name="warmup"/> (units of <paramref name="value"/>);
    /// 0 with fewer than 3 such samples.</summary>
    public static double Rise(IReadOnlyList<SoakSample> samples, TimeSpan warmup, Func<SoakSample, double> value)
    {
        var points = samples.Where(s => s.At >= warmup && !double.IsNaN(value(s))).ToList();
        if (points.Count < 3)
        {
            return 0;
        }

        double meanX = points.Average(s => s.At.TotalSeconds);
        double meanY = points.Average(value);
        double sxy = points.Sum(s => (s.At.TotalSeconds - meanX) * (value(s) - meanY));
        double sxx = points.Sum(s => (s.At.TotalSeconds - meanX) * (s.At.TotalSeconds - meanX));
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return slope * (points[^1].At - points[0].At).TotalSeconds;
    }

    /// <summary>The checks a soak passes: memory, handles and threads flat after warm-up (rises within the allowances),
    /// no deadline missed and no frame pushed more than <paramref name="maxLagMs"/> late (one frame time, 40 ms, by
    /// default). Empty when it passed.</summary>
    public static IReadOnlyList<string> Failures(IReadOnlyList<SoakSample> samples, TimeSpan warmup, double memoryAllowanceMiB, int handleAllowance, int threadAllowance, double maxLagMs = 40)
    {
        var failures = new List<string>();
        var after = samples.Where(s => s.At >= warmup).ToList();
        void Check(string what, double rise, double allowance, string unit)
        {
            if (rise > allowance)
            {
                failures.Add($"{what} rose {rise:F1} {unit} after warm-up (allowed {allowance:F1})");
            }
        }

        Check("managed heap", Rise(samples, warmup, s => s.GcHeapMiB), memoryAllowanceMiB, "MiB");
        Check("private memory", Rise(samples, warmup, s => s.PrivateMiB), 2 * memoryAllowanceMiB, "MiB");
        Check("open handles", Rise(samples, warmup, s => s.Handles), handleAllowance, "handles");
        Check("threads", Rise(samples, warmup, s => s.Threads), threadAllowance, "threads");
        if (after.Count > 0 && after[^1].FramesMissed > after[0].FramesMissed)
        {
            failures.Add($"{after[^1].FramesMissed - after[0].FramesMissed} deadlines missed after warm-up");
        }

        if (after.Where(s => s.Sessions > 0).Select(s => s.SendLagMaxMs).DefaultIfEmpty().Max() > maxLagMs)
        {
            failures.Add($"a frame was pushed {after.Max(s => s.SendLagMaxMs):F1} ms after its deadline (more than {maxLagMs:F0} ms)");
        }

        return failures;
    }
}
