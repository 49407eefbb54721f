namespace StreamLip.Server.Observability;

/// <summary>Histogram bucket bounds by instrument unit, for the Prometheus exposition.</summary>
internal static class MetricBuckets
{
    /// <summary>Durations in milliseconds: fine around the 200–320 ms a frame may wait.</summary>
    public static readonly double[] Milliseconds = [1, 2.5, 5, 10, 20, 40, 60, 80, 100, 150, 200, 250, 300, 350, 400, 500, 750, 1000, 2500, 5000];

    /// <summary>Durations in seconds.</summary>
    public static readonly double[] Seconds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Counts (batch sizes; a unit such as <c>{frame}</c>): every size up to 8, then doubling.</summary>
    public static readonly double[] Counts = [1, 2, 3, 4, 5, 6, 7, 8, 10, 16, 32, 64, 128, 256];

    /// <summary>Anything else: 1-2-5 decades.</summary>
    public static readonly double[] Generic = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];

    /// <summary>The bounds for an instrument of <paramref name="unit"/>.</summary>
    public static double[] For(string? unit) => unit switch
    {
        "ms" => Milliseconds,
        "s" => Seconds,
        { } u when u.StartsWith('{') => Counts,
        _ => Generic,
    };
}
