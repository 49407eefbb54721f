namespace StreamLip.Realtime;

/// <summary>
/// The last 512 values of a delay (milliseconds), for percentiles. Recording is allocation-free; a percentile copies and
/// sorts (stats are read about once a second). Thread-safe.
/// </summary>
internal sealed class LatencyWindow
{
    private const int Capacity = 512;
    private readonly double[] _values = new double[Capacity];
    private readonly Lock _gate = new();
    private long _count;

    /// <summary>Values recorded since the start.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Adds a value.</summary>
    public void Record(double milliseconds)
    {
        lock (_gate)
        {
            _values[_count % Capacity] = milliseconds;
            _count++;
        }
    }

    /// <summary>The median, 95th percentile (nearest-rank) and largest of the values kept; null when there are none.</summary>
    public (double P50, double P95, double Max)? Percentiles() =>
        Sorted() is { } sorted ? (Rank(sorted, 50), Rank(sorted, 95), sorted[^1]) : null;

    /// <summary>The <paramref name="percentile"/>th percentile (nearest-rank, 0–100) of the values kept; null when there are none.</summary>
    public double? Percentile(double percentile) => Sorted() is { } sorted ? Rank(sorted, percentile) : null;

    private double[]? Sorted()
    {
        double[] copy;
        lock (_gate)
        {
            if (_count == 0)
            {
                return null;
            }

            copy = _values.AsSpan(0, (int)Math.Min(_count, Capacity)).ToArray();
        }

        Array.Sort(copy);
        return copy;
    }

    private static double Rank(double[] sorted, double percentile)
    {
        int rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
