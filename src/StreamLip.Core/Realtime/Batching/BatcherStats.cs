namespace StreamLip.Realtime.Batching;

/// <summary>A snapshot of the shared batcher's counts.</summary>
public sealed record BatcherStats
{
    /// <summary>Generator runs.</summary>
    public required long Runs { get; init; }

    /// <summary>Frames generated.</summary>
    public required long Frames { get; init; }

    /// <summary>Runs that held frames of more than one session.</summary>
    public required long MultiSessionRuns { get; init; }

    /// <summary>Most sessions seen in one run.</summary>
    public required int MaxSessionsInRun { get; init; }

    /// <summary>The largest run allowed.</summary>
    public required int MaxRunFrames { get; init; }

    /// <summary>Runs per batch size (index = frames in the run; index 0 unused).</summary>
    public required IReadOnlyList<long> BatchSizes { get; init; }

    /// <summary>Median time of a run, recent runs.</summary>
    public double? InferenceP50Ms { get; init; }

    /// <summary>95th percentile of that time.</summary>
    public double? InferenceP95Ms { get; init; }

    /// <summary>Runs whose generator threw (each session's part was then run alone, see <see cref="SessionsFailed"/>).</summary>
    public required long Failures { get; init; }

    /// <summary>Sessions failed because the generator threw on their own frames.</summary>
    public required long SessionsFailed { get; init; }

    /// <summary>Mean frames per run.</summary>
    public double MeanBatch => Runs == 0 ? 0 : (double)Frames / Runs;
}
