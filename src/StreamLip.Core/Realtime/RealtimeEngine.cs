using System.Collections.Concurrent;
using StreamLip.Avatars;
using StreamLip.Inference;
using StreamLip.Realtime.Batching;
using StreamLip.Realtime.Capacity;
using StreamLip.Realtime.Pacing;
using StreamLip.Realtime.Transport;
using StreamLip.Rendering;

namespace StreamLip.Realtime;

/// <summary>
/// The real-time server's core, independent of any web framework: one generator and one shared batcher for all
/// sessions, a session limit, and the sessions themselves. Thread-safe.
/// </summary>
/// <remarks>
/// The generator must have been loaded for batches of <see cref="RealtimeOptions.RunFramesFor"/> frames; the engine
/// does not own it (nor the avatars). Time comes from the injected <see cref="TimeProvider"/>.
/// </remarks>
public sealed class RealtimeEngine : IAsyncDisposable
{
    private readonly ILipSyncGenerator _generator;
    private readonly TimeProvider _time;
    private readonly RealtimeMetrics? _metrics;
    private readonly ConcurrentDictionary<string, RealtimeSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _admission = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _batcherLoop;
    private readonly CapacityMonitor? _capacity;
    private int _admitted;
    private bool _disposed;

    /// <summary>Creates the engine and starts its batcher.</summary>
    /// <param name="generator">The model, loaded for at least <see cref="RealtimeOptions.BatchPerSession"/> frames per run.</param>
    /// <param name="options">Batch, limits, latency margin, alignment; validated here.</param>
    /// <param name="time">The clock (a fake one in tests); <see cref="PacingTimeProvider.Shared"/> when null.</param>
    /// <param name="metrics">Instruments to record on, if any.</param>
    /// <exception cref="ArgumentException">An option is out of range, or the model declares an invalid alignment.</exception>
    public RealtimeEngine(ILipSyncGenerator generator, RealtimeOptions options, TimeProvider? time = null, RealtimeMetrics? metrics = null)
        : this(generator, options, time, metrics, startBatcher: true)
    {
    }

    /// <summary>As the public constructor, CPU read from <paramref name="cpu"/> (<see cref="SystemCpuMeter"/> when null).</summary>
    public RealtimeEngine(ILipSyncGenerator generator, RealtimeOptions options, TimeProvider? time, RealtimeMetrics? metrics, ICpuMeter? cpu)
        : this(generator, options, time, metrics, startBatcher: true, cpu)
    {
    }

    /// <summary>As the public constructor; tests may leave the batcher loop off and call <see cref="SharedBatcher.RunOnce"/>.</summary>
    internal RealtimeEngine(ILipSyncGenerator generator, RealtimeOptions options, TimeProvider? time, RealtimeMetrics? metrics, bool startBatcher, ICpuMeter? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(generator.Info.MaxBatch);
        _generator = generator;
        _time = time ?? PacingTimeProvider.Shared;
        _metrics = metrics;
        Options = options;
        AlignmentOffsetFrames = options.AlignmentOffsetFrames ?? OfflineRenderer.AlignmentFromMetadata(generator.Info);
        Framing = FaceFraming.ForModel(generator.Info.Metadata);
        WindowFloor = Realtime.LatencyBudget.WindowFloor(AlignmentOffsetFrames);
        Batcher = new SharedBatcher(generator, options.BatchPerSession, options.RunFramesFor(generator.Info.MaxBatch), _time, metrics);
        TimeSpan? sessionRun = null;
        if (options.WarmUp)
        {
            (WarmUpTime, TimeSpan oneSession) = Batcher.WarmUp();
            sessionRun = oneSession;
        }

        Margins = new MarginEstimator(options.ProcessingMargin, sessionRun);

        _batcherLoop = startBatcher ? Batcher.Start(_cts.Token) : Task.CompletedTask;
        if (options.Capacity is { Enabled: true } capacity)
        {
            _capacity = new CapacityMonitor(capacity, cpu ?? new SystemCpuMeter(), _time, () => Sessions, metrics, (s, reason) => FrameRateChanged?.Invoke(s, reason));
            metrics?.ObserveCapacity(() => _capacity.Estimator.Current);
            _capacity.Start();
        }
    }

    /// <summary>Raised (on the capacity monitor's timer) when a session drops to a reduced frame rate under overload, with
    /// the reason, or comes back to 25 fps, with null.</summary>
    public event Action<RealtimeSession, string?>? FrameRateChanged;

    /// <summary>The settings in force.</summary>
    public RealtimeOptions Options { get; }

    /// <summary>How long the warm-up's run of the largest batch took (<see cref="RealtimeOptions.WarmUp"/>); zero without one.</summary>
    public TimeSpan WarmUpTime { get; }

    /// <summary>What the model declared.</summary>
    public LipSyncModelInfo Model => _generator.Info;

    /// <summary>The mel window offset in use (options, else the model's metadata).</summary>
    public int AlignmentOffsetFrames { get; }

    /// <summary>The face framing the model declares (<see cref="FaceFraming.ForModel"/>): avatars are loaded framed so.</summary>
    public FaceFraming Framing { get; }

    /// <summary>The audio a frame's mel window needs after the frame's own time (<see cref="Realtime.LatencyBudget.WindowFloor"/>).</summary>
    public TimeSpan WindowFloor { get; }

    /// <summary>
    /// D of a session starting now: each of its frames is sent this long after its own time (window floor + margin).
    /// The margin is <see cref="RealtimeOptions.ProcessingMargin"/>, or with <see cref="RealtimeOptions.AdaptiveMargin"/>
    /// what the frames before needed, at most that (<see cref="MarginEstimator"/>). A running session keeps its own
    /// (<see cref="RealtimeSession.LatencyBudget"/>).
    /// </summary>
    public TimeSpan Latency => WindowFloor + NextMargin();

    /// <summary>The 99th percentile of the margin the last 512 generated frames (all sessions) needed, ms; null before any.</summary>
    public double? MarginNeededP99Ms => Margins.NeededP99Ms;

    /// <summary>What generated frames needed of their margin, and the margin estimate from it.</summary>
    internal MarginEstimator Margins { get; }

    /// <summary>Sessions running now.</summary>
    public int ActiveSessions => Volatile.Read(ref _admitted);

    /// <summary>The running sessions (a snapshot).</summary>
    public IReadOnlyCollection<RealtimeSession> Sessions => [.. _sessions.Values];

    /// <summary>The node's measured capacity (<see cref="RealtimeOptions.Capacity"/>); null when admission by headroom is off.</summary>
    public CapacitySnapshot? Capacity => _capacity?.Estimator.Current;

    /// <summary>Sessions that could start now: <see cref="RealtimeOptions.MaxSessions"/> − running, and no more than the
    /// measured headroom allows when <see cref="RealtimeOptions.Capacity"/> is on.</summary>
    public int AdmissibleSessions
    {
        get
        {
            int running = ActiveSessions;
            int left = Math.Max(0, Options.MaxSessions - running);
            return _capacity is null ? left : Math.Min(left, _capacity.Estimator.Admissible(running));
        }
    }

    /// <summary>The shared batcher's counts.</summary>
    public BatcherStats BatcherStats => Batcher.Snapshot();

    internal SharedBatcher Batcher { get; }

    /// <summary>The instruments sessions record on, if any.</summary>
    internal RealtimeMetrics? Metrics => _metrics;

    /// <summary>The capacity monitor, if on (tests drive its windows).</summary>
    internal CapacityMonitor? CapacityMonitor => _capacity;

    /// <summary>Finds a running session.</summary>
    public RealtimeSession? Find(string id) => _sessions.TryGetValue(id, out RealtimeSession? s) ? s : null;

    /// <summary>
    /// Starts a session: its clock starts now and its pacer sends the idle avatar at 25 fps at once; microphone audio the
    /// transport delivers drives the mouth. Negotiation (<see cref="ISessionTransport.AcceptOfferAsync"/>) is the
    /// caller's; the session owns <paramref name="transport"/> from here on (even when this throws).
    /// </summary>
    /// <param name="avatarName">Name for stats.</param>
    /// <param name="avatar">Loaded for the model's face size; not owned.</param>
    /// <param name="transport">The peer whose microphone drives the session, or null for a session without one (driven by
    /// pushed audio, watched through outputs added later).</param>
    /// <exception cref="SessionLimitException"><see cref="RealtimeOptions.MaxSessions"/> sessions run already, or the measured
    /// headroom has no room for one more (<see cref="RealtimeOptions.Capacity"/>; the message says why).</exception>
    /// <param name="id">The session's id: null for a new one; a cluster names it before placing it (32 hex digits or
    /// letters, digits, '-' and '_', at most 64).</param>
    /// <exception cref="ArgumentException">The avatar was loaded for another face size than the model's, or
    /// <paramref name="id"/> is malformed or runs already.</exception>
    public RealtimeSession StartSession(string avatarName, Avatar avatar, ISessionTransport? transport, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(avatar);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (id is not null && (!IsSessionId(id) || _sessions.ContainsKey(id)))
            {
                throw new ArgumentException(IsSessionId(id) ? $"A session '{id}' runs already." : "A session id is 1 to 64 letters, digits, '-' or '_'.", nameof(id));
            }

            if (avatar.FaceSize != _generator.Info.FaceSize)
            {
                throw new ArgumentException($"The avatar was loaded for face size {avatar.FaceSize}, the model takes {_generator.Info.FaceSize}.", nameof(avatar));
            }

            lock (_admission)
            {
                if (_admitted >= Options.MaxSessions)
                {
                    _metrics?.RefusedSessions.Add(1);
                    throw new SessionLimitException(Options.MaxSessions);
                }

                if (_capacity is not null && !_capacity.Estimator.TryAdmit(_admitted, out string? refusal))
                {
                    _metrics?.RefusedSessions.Add(1);
                    _metrics?.RefusedHeadroom.Add(1);
                    throw new SessionLimitException(refusal!);
                }

                _admitted++;
            }
        }
        catch
        {
            transport?.Dispose();
            throw;
        }

        var session = new RealtimeSession(this, id ?? Guid.NewGuid().ToString("N"), avatarName, avatar, transport, new SessionClock(_time, WindowFloor, NextMargin(), Options.VoiceLead));
        _sessions[session.Id] = session;
        _metrics?.ActiveSessions.Add(1);
        session.Start();
        return session;
    }

    /// <summary>True for a well-formed session id: 1 to 64 ASCII letters, digits, '-' or '_'.</summary>
    public static bool IsSessionId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private TimeSpan NextMargin() => Options.AdaptiveMargin ? Margins.Next() : Options.ProcessingMargin;

    /// <summary>Stops every session and the batcher. The generator and avatars stay with their owner.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _capacity?.Dispose();
        foreach (RealtimeSession session in _sessions.Values)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        await _cts.CancelAsync().ConfigureAwait(false);
        await _batcherLoop.ConfigureAwait(false);
        _cts.Dispose();
    }

    /// <summary>The session stops: it is no longer found (it has unregistered its lane from the batcher).</summary>
    internal void Detach(RealtimeSession session) => _sessions.TryRemove(session.Id, out _);

    /// <summary>The session has released everything: its place is free.</summary>
    internal void Release(RealtimeSession session)
    {
        lock (_admission)
        {
            _admitted--;
        }

        _metrics?.ActiveSessions.Add(-1);
    }
}
