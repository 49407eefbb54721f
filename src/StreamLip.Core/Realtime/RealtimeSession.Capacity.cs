namespace StreamLip.Realtime;

/// <summary>Graceful overload: the frame step <see cref="Capacity.CapacityMonitor"/> sets.</summary>
public sealed partial class RealtimeSession
{
    private long _degradedAtTicks; // UTC ticks of the last drop to a reduced rate; 0 while at full rate

    /// <summary>True while the session runs at a reduced frame rate to shed load (its audio is intact).</summary>
    public bool IsDegraded => _context.FrameStep > 1;

    /// <summary>Frames per second sent now: 25, or 12.5 while degraded.</summary>
    public double FrameRate => Realtime.LatencyBudget.Fps / (double)_context.FrameStep;

    /// <summary>When the session last dropped to a reduced rate (UTC); null while at full rate.</summary>
    public DateTimeOffset? DegradedAt => Interlocked.Read(ref _degradedAtTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    /// <summary>Late + missed frames so far (the capacity monitor's quality signal).</summary>
    internal long FramesBehind => SessionCounters.Read(ref _counters.FramesLate) + SessionCounters.Read(ref _counters.FramesMissed);

    /// <summary>Sends every <paramref name="step"/>-th frame (1: all); the others get no inference and no picture, only their voice.</summary>
    internal void SetFrameStep(int step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        Interlocked.Exchange(ref _degradedAtTicks, step > 1 ? _clock.Time.GetUtcNow().UtcTicks : 0);
        _context.FrameStep = step;
    }
}
