using StreamLip.Realtime;
using StreamLip.Realtime.Batching;

namespace StreamLip.LoadHarness.Rounds;

/// <summary>What the shared batcher did during one measured window (differences of two <see cref="BatcherStats"/>).</summary>
/// <param name="Runs">Generator runs.</param>
/// <param name="Frames">Frames generated.</param>
/// <param name="MultiSessionRuns">Runs that held frames of more than one session.</param>
/// <param name="Sizes">Runs per batch size (index = frames in the run).</param>
/// <param name="InferenceP50Ms">Median run time at the end of the window (the batcher's recent runs).</param>
/// <param name="InferenceP95Ms">95th percentile of that.</param>
/// <param name="Failures">Runs whose generator threw.</param>
internal sealed record BatchWindow(long Runs, long Frames, long MultiSessionRuns, IReadOnlyList<long> Sizes, double? InferenceP50Ms, double? InferenceP95Ms, long Failures)
{
    /// <summary>Mean frames per run.</summary>
    public double MeanBatch => Runs == 0 ? 0 : (double)Frames / Runs;

    /// <summary>Median inference milliseconds per generated frame (median run / mean batch): an estimate.</summary>
    public double? MsPerFrame => Runs == 0 || InferenceP50Ms is null ? null : InferenceP50Ms / MeanBatch;

    /// <summary>The difference <paramref name="end"/> − <paramref name="start"/>.</summary>
    public static BatchWindow Between(BatcherStats start, BatcherStats end)
    {
        long[] sizes = new long[Math.Max(start.BatchSizes.Count, end.BatchSizes.Count)];
        for (int i = 0; i < sizes.Length; i++)
        {
            sizes[i] = (i < end.BatchSizes.Count ? end.BatchSizes[i] : 0) - (i < start.BatchSizes.Count ? start.BatchSizes[i] : 0);
        }

        return new BatchWindow(
            end.Runs - start.Runs,
            end.Frames - start.Frames,
            end.MultiSessionRuns - start.MultiSessionRuns,
            sizes,
            end.InferenceP50Ms,
            end.InferenceP95Ms,
            end.Failures - start.Failures);
    }
}
