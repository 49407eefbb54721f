namespace StreamLip.Core.Tests.Realtime;

/// <summary>
/// A clock that moves only when told. <see cref="Advance"/> fires every timer that falls due on the way, in time order,
/// at its own due time (on the calling thread), as a perfectly punctual machine would; <see cref="Jump"/> moves at once
/// and fires each due timer once, as a machine that stalled would.
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private long _now; // ticks since Epoch

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public TimeSpan Now
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromTicks(_now);
            }
        }
    }

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override DateTimeOffset GetUtcNow() => Epoch + Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        long target;
        lock (_gate)
        {
            target = _now + by.Ticks;
        }

        while (true)
        {
            ManualTimer? next;
            lock (_gate)
            {
                next = FirstDue(target);
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _now = Math.Max(_now, next.Due);
                next.Fired();
            }

            next.Invoke();
        }
    }

    // The timer due first at or before target (the first listed among equals), or null; under _gate. A plain loop: a
    // steady-state allocation test advances this clock inside its counting windows.
    private ManualTimer? FirstDue(long target)
    {
        ManualTimer? first = null;
        foreach (ManualTimer t in _timers)
        {
            if (t.Due <= target && (first is null || t.Due < first.Due))
            {
                first = t;
            }
        }

        return first;
    }

    public void Jump(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            _now += by.Ticks;
            due = [.. _timers.Where(t => t.Due <= _now).OrderBy(t => t.Due)];
            due.ForEach(t => t.Fired());
        }

        due.ForEach(t => t.Invoke());
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public long Due { get; private set; } = long.MaxValue;

        private long Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : owner._now + dueTime.Ticks;
                Period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
                return true;
            }
        }

        // Under owner._gate.
        public void Fired() => Due = Period > 0 ? Due + Period : long.MaxValue;

        public void Invoke() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
            {
                Due = long.MaxValue;
                owner._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
