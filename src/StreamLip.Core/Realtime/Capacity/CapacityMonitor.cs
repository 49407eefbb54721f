namespace StreamLip.Realtime.Capacity;

/// <summary>
/// Measures the engine's load once per <see cref="CapacityOptions.SampleMs"/> (CPU from an <see cref="ICpuMeter"/>,
/// frames due / late / missed from the sessions' counters) into a <see cref="HeadroomEstimator"/>, and degrades under
/// overload in a stated order: while the estimator says overloaded, every <see cref="StepWindows"/> windows the newest
/// session at full rate drops to half frame rate (12.5 fps: no inference and no encoding for odd frames; every 40 ms
/// of its voice still goes); once the load has gone (<see cref="RestoreWindows"/> calm windows with a session's cost of
/// headroom), the oldest degraded session comes back to 25 fps, one at a time.
/// </summary>
/// <remarks>Driven by one periodic timer of the injected <see cref="TimeProvider"/> (on a fake clock, samples run inside
/// Advance). Samples never overlap. Owns the timer.</remarks>
internal sealed class CapacityMonitor : IDisposable
{
    /// <summary>Windows between two degrade steps: a step's effect is measured before the next.</summary>
    public const int StepWindows = 2;

    /// <summary>Calm windows before one degraded session is restored.</summary>
    public const int RestoreWindows = 5;

    /// <summary>A session's first seconds, whose frames do not count as the node's quality: its negotiation and first
    /// frames are start-up cost, not load (measured: a new WebRTC session's first window had 17 % of its frames late on a
    /// busy 2-core machine, which refused the next newcomer for no lasting reason).</summary>
    public static readonly TimeSpan SessionWarmUp = TimeSpan.FromSeconds(2);

    /// <summary>The frame step of a degraded session (every second frame: 12.5 fps).</summary>
    public const int DegradedStep = 2;

    private readonly CapacityOptions _options;
    private readonly ICpuMeter _meter;
    private readonly TimeProvider _time;
    private readonly Func<IReadOnlyCollection<RealtimeSession>> _sessions;
    private readonly RealtimeMetrics? _metrics;
    private readonly Action<RealtimeSession, string?>? _frameRateChanged;
    private readonly Dictionary<RealtimeSession, (long Due, long Behind)> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private CpuReading _lastReading;
    private long _lastStamp;
    private bool _started;
    private int _windowsSinceStep = StepWindows;
    private int _calmWindows;

    /// <param name="options">The settings; validated here.</param>
    /// <param name="meter">Where CPU time is read.</param>
    /// <param name="time">The clock of the windows.</param>
    /// <param name="sessions">The running sessions (a snapshot per window).</param>
    /// <param name="metrics">Instruments, if any.</param>
    /// <param name="frameRateChanged">Called (on the timer's thread) after a session was degraded, with the overload's
    /// reason, or restored, with null.</param>
    public CapacityMonitor(CapacityOptions options, ICpuMeter meter, TimeProvider time, Func<IReadOnlyCollection<RealtimeSession>> sessions, RealtimeMetrics? metrics, Action<RealtimeSession, string?>? frameRateChanged = null)
    {
        _frameRateChanged = frameRateChanged;
        Estimator = new HeadroomEstimator(options);
        _options = options;
        _meter = meter;
        _time = time;
        _sessions = sessions;
        _metrics = metrics;
    }

    /// <summary>The headroom figure and the admission decision.</summary>
    public HeadroomEstimator Estimator { get; }

    /// <summary>Takes the first reading and starts the periodic measurement.</summary>
    public void Start()
    {
        lock (_gate)
        {
            Baseline();
            var period = TimeSpan.FromMilliseconds(_options.SampleMs);
            _timer = _time.CreateTimer(static s => ((CapacityMonitor)s!).OnTimer(), this, period, period);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>One measurement window ends now (the timer's work; tests may call it).</summary>
    internal void Sample()
    {
        lock (_gate)
        {
            if (!_started)
            {
                Baseline();
                return;
            }

            CpuReading reading = _meter.Read();
            long stamp = _time.GetTimestamp();
            double seconds = _time.GetElapsedTime(_lastStamp, stamp).TotalSeconds;
            if (seconds <= 0)
            {
                return;
            }

            double process = Math.Max(0, (reading.Process - _lastReading.Process).TotalSeconds / seconds);
            double? machine = reading.Machine is { } m && _lastReading.Machine is { } lm ? Math.Max(0, (m - lm).TotalSeconds / seconds) : null;
            _lastReading = reading;
            _lastStamp = stamp;

            RealtimeSession[] sessions = [.. _sessions().OrderBy(s => s.StartedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];
            var (due, behind) = FrameCounts(sessions);
            int degraded = sessions.Count(s => s.IsDegraded);
            CapacitySnapshot snapshot = Estimator.Update(new CapacitySample(process, machine, sessions.Length, due, behind, degraded));
            if (_options.Degrade)
            {
                Govern(snapshot, sessions);
            }
        }
    }

    private void OnTimer()
    {
        // A timer callback must not throw (it would take the process down); a failed reading skips a window.
        try
        {
            Sample();
        }
        catch (IOException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void Baseline()
    {
        _lastReading = _meter.Read();
        _lastStamp = _time.GetTimestamp();
        _started = true;
    }

    // Frames due and behind (late + missed) since the last window; a session counts from the end of its warm-up.
    private (long Due, long Behind) FrameCounts(RealtimeSession[] sessions)
    {
        long due = 0;
        long behind = 0;
        DateTimeOffset now = _time.GetUtcNow();
        var current = new HashSet<RealtimeSession>(ReferenceEqualityComparer.Instance);
        foreach (RealtimeSession s in sessions)
        {
            current.Add(s);
            (long d, long b) = (s.NextFrame, s.FramesBehind);
            if (now - s.StartedAt < SessionWarmUp)
            {
                _seen[s] = (d, b);
                continue;
            }

            (long Due, long Behind) last = _seen.GetValueOrDefault(s);
            due += d - last.Due;
            behind += b - last.Behind;
            _seen[s] = (d, b);
        }

        foreach (RealtimeSession gone in _seen.Keys.Where(s => !current.Contains(s)).ToList())
        {
            _seen.Remove(gone);
        }

        return (due, behind);
    }

    private void Govern(CapacitySnapshot snapshot, RealtimeSession[] oldestFirst)
    {
        _windowsSinceStep++;
        if (snapshot.Overloaded)
        {
            _calmWindows = 0;
            if (_windowsSinceStep >= StepWindows && oldestFirst.LastOrDefault(s => !s.IsDegraded) is { } newest)
            {
                newest.SetFrameStep(DegradedStep);
                _metrics?.SessionsDegraded.Add(1);
                _windowsSinceStep = 0;
                _frameRateChanged?.Invoke(newest, snapshot.OverloadReason);
            }

            return;
        }

        bool room = snapshot.HeadroomCores >= snapshot.SessionCores;
        _calmWindows = room && oldestFirst.Any(s => s.IsDegraded) ? _calmWindows + 1 : 0;
        if (_calmWindows >= RestoreWindows && oldestFirst.FirstOrDefault(s => s.IsDegraded) is { } oldest)
        {
            oldest.SetFrameStep(1);
            _calmWindows = 0;
            _windowsSinceStep = 0;
            _frameRateChanged?.Invoke(oldest, null);
        }
    }
}
