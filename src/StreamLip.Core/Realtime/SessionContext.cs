using StreamLip.Avatars;
using StreamLip.Stages;
using StreamLip.Realtime.Pacing;

namespace StreamLip.Realtime;

/// <summary>
/// What every stage of one session shares: its clock, avatar, counts and instruments, the frames in flight, the frame
/// step (<see cref="Capacity.CapacityMonitor"/>), the deadline (the pacer's next frame and any cut), and the one way to
/// fail the session. The stages write forward to each other; they report here, never back into the stage before them
/// nor into <see cref="RealtimeSession"/>. Thread-safe.
/// </summary>
internal sealed class SessionContext : IStageLedger
{
    private readonly Action<Exception> _fail;
    private long _inFlight;
    private int _frameStep = 1;
    private int _closed;

    /// <param name="clock">The session clock.</param>
    /// <param name="avatar">The avatar shown.</param>
    /// <param name="metrics">Instruments, if any.</param>
    /// <param name="fail">Stops the session (called once, from any thread; it must not block).</param>
    public SessionContext(SessionClock clock, Avatar avatar, RealtimeMetrics? metrics, Action<Exception> fail)
    {
        Clock = clock;
        Avatar = avatar;
        Metrics = metrics;
        _fail = fail;
    }

    public SessionClock Clock { get; }

    public Avatar Avatar { get; }

    public SessionCounters Counters { get; } = new();

    public RealtimeMetrics? Metrics { get; }

    /// <summary>The pacer, whose next frame and cuts make the deadline (set once, when it is made).</summary>
    public SessionPacer? Pacer { get; set; }

    /// <summary>Items between the microphone and the pacer's queue (tests wait for 0).</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Frames are sent every <see cref="FrameStep"/>-th (1: all).</summary>
    public int FrameStep
    {
        get => Volatile.Read(ref _frameStep);
        set => Volatile.Write(ref _frameStep, value);
    }

    /// <summary>True once the session failed or stops: the batcher takes none of its frames.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>An item entered the line.</summary>
    public void Entered() => Interlocked.Increment(ref _inFlight);

    /// <inheritdoc/>
    public void Left() => Interlocked.Decrement(ref _inFlight);

    /// <summary>The line is empty (the session has drained it at stop).</summary>
    public void Emptied() => Interlocked.Exchange(ref _inFlight, 0);

    /// <summary>True when <paramref name="frame"/> is left out at the current frame step. Any thread.</summary>
    public bool IsThinned(long frame)
    {
        int step = FrameStep;
        return step > 1 && frame % step != 0;
    }

    /// <inheritdoc/>
    /// <remarks>Every frame is past once the session is closed: what the stages still hold at stop is dropped unmade.</remarks>
    public bool IsPast(long frame) => IsClosed || (Pacer is { } pacer && (frame < pacer.NextFrame || pacer.IsCut(frame)));

    /// <inheritdoc/>
    public void Stale() => SessionCounters.Increment(ref Counters.JobsStale);

    /// <inheritdoc/>
    public void Dropped() => SessionCounters.Increment(ref Counters.JobsDropped);

    /// <summary>Nothing more is made for the session (it stops).</summary>
    public void Close() => Volatile.Write(ref _closed, 1);

    /// <inheritdoc/>
    public void Fail(Exception error)
    {
        Close();
        _fail(error);
    }
}
