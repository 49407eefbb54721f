namespace StreamLip.Realtime;

/// <summary>A snapshot of the shared batcher's counts.</summary>
/// <param name="Runs">Generator runs.</param>
/// <param name="Frames">Frames generated.</param>
/// <param name="MultiSessionRuns">Runs that held frames of more than one session.</param>
/// <param name="MaxSessionsInRun">Most sessions seen in one run.</param>
/// <param name="MaxRunFrames">The largest run allowed.</param>
/// <param name="BatchSizes">Runs per batch size (index = frames in the run; index 0 unused).</param>
/// <param name="InferenceP50Ms">Median time of a run, recent runs.</param>
/// <param name="InferenceP95Ms">95th percentile of that time.</param>
/// <param name="Failures">Runs whose generator threw (each session's part was then run alone, see <paramref name="SessionsFailed"/>).</param>
/// <param name="SessionsFailed">Sessions failed because the generator threw on their own frames.</param>
public sealed record BatcherStats(
    long Runs,
    long Frames,
    long MultiSessionRuns,
    int MaxSessionsInRun,
    int MaxRunFrames,
    IReadOnlyList<long> BatchSizes,
    double? InferenceP50Ms,
    double? InferenceP95Ms,
    long Failures,
    long SessionsFailed)
{
    /// <summary>Mean frames per run.</summary>
    public double MeanBatch => Runs == 0 ? 0 : (double)Frames / Runs;
}
