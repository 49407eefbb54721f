using StreamLip.Realtime.Audio;

namespace StreamLip.Realtime.Pacing;

/// <summary>
/// The processing margin a new session gets (<see cref="RealtimeOptions.AdaptiveMargin"/>): what the frames before it
/// needed, not one constant. A generated frame i needed <c>ready − (i/25 s + window floor)</c> of margin: the audio that
/// completed its window arriving later than its timeline position (jitter, a timeline settled behind the microphone —
/// up to <see cref="AudioTimeline.SteadyOffsetTolerance"/> before the drift correction acts) plus batching, inference and
/// compositing. The margin is the 99th percentile of that over the last 512 generated frames of every session, plus
/// <see cref="Safety"/>, at most the configured cap (<see cref="RealtimeOptions.ProcessingMargin"/>). Until
/// <see cref="MinFrames"/> frames have been measured it is the time of the warm-up's run of one session's batch (after
/// the first, largest run: the model is warm) plus the timeline's tolerance and <see cref="Safety"/>, or the cap when
/// there was no warm-up.
/// A session keeps the margin it started with (changing D under a running session would move its frames). Thread-safe.
/// </summary>
internal sealed class MarginEstimator(TimeSpan cap, TimeSpan? sessionRun)
{
    /// <summary>Added to the measured percentile: the tail beyond the 99th and what the next session itself adds.</summary>
    public static readonly TimeSpan Safety = TimeSpan.FromMilliseconds(20);

    /// <summary>Generated frames measured (all sessions together) before the measurement replaces the first guess.</summary>
    public const int MinFrames = 125;

    private static readonly TimeSpan TimelineTolerance = TimeSpan.FromTicks(AudioTimeline.SteadyOffsetTolerance * TimeSpan.TicksPerSecond / StreamLip.Audio.MelSpectrogram.SampleRate);

    private readonly LatencyWindow _needed = new();

    /// <summary>The most a margin may be.</summary>
    public TimeSpan Cap { get; } = cap;

    /// <summary>Frames measured so far.</summary>
    public long Frames => _needed.Count;

    /// <summary>The 99th percentile of the margin frames needed, ms; null before any.</summary>
    public double? NeededP99Ms => _needed.Percentile(99);

    /// <summary>Records the margin one generated frame needed, ms (negative when its window was complete early).</summary>
    public void Record(double neededMs) => _needed.Record(neededMs);

    /// <summary>The margin for a session starting now, rounded up to whole milliseconds, 0..<see cref="Cap"/>.</summary>
    public TimeSpan Next()
    {
        TimeSpan wanted = _needed.Count >= MinFrames && _needed.Percentile(99) is { } p99
            ? TimeSpan.FromMilliseconds(Math.Max(0, p99)) + Safety
            : sessionRun is { } run ? run + TimelineTolerance + Safety : Cap;
        var rounded = TimeSpan.FromMilliseconds(Math.Ceiling(wanted.TotalMilliseconds));
        return rounded < Cap ? rounded : Cap;
    }
}
