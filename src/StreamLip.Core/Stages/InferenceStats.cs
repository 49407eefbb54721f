namespace StreamLip.Stages;

/// <summary>Counts of the inference stage. Written by the stage's loop only; read any time (values may be a run behind).</summary>
public sealed class InferenceStats
{
    private readonly long[] _batchSizes = new long[65];
    private long _runs;
    private long _frames;
    private long _ticks;

    /// <summary>Generator runs so far.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Frames generated so far.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Time spent inside the generator.</summary>
    public TimeSpan InferenceTime => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    /// <summary>How many runs had batch size <paramref name="size"/> (sizes above 64 are counted as 64).</summary>
    public long RunsOfSize(int size) => Interlocked.Read(ref _batchSizes[Math.Clamp(size, 0, 64)]);

    internal void Record(int batch, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _runs);
        Interlocked.Add(ref _frames, batch);
        Interlocked.Add(ref _ticks, elapsed.Ticks);
        Interlocked.Increment(ref _batchSizes[Math.Min(batch, 64)]);
    }
}
