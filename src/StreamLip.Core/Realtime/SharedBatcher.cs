using System.Buffers;
using StreamLip.Audio;
using StreamLip.Inference;

namespace StreamLip.Realtime;

/// <summary>
/// The one batcher all sessions share: whenever frames wait, it takes up to N from each session (round-robin, so no
/// session starves), at most <see cref="MaxRunFrames"/> in all, runs the generator once, and hands each face to its
/// session. It never waits for a batch to fill: a lone frame runs alone. Frames whose deadline has already passed
/// are dropped unrun. Owns its batch buffers (allocated once).
/// </summary>
/// <remarks>
/// The loop runs on its own thread: a generator run blocks (ONNX Runtime, tens of ms for the full model), and on the
/// thread pool it would hold up the pacers' timer callbacks and the audio loops whenever the pool is short of threads
/// (seen: a 1 s stall of every pacer on a loaded 2-core machine).
/// </remarks>
internal sealed class SharedBatcher
{
    private readonly ILipSyncGenerator _generator;
    private readonly int _perSession;
    private readonly TimeProvider _time;
    private readonly RealtimeMetrics? _metrics;
    private readonly AutoResetEvent _doorbell = new(initialState: false);
    private readonly Lock _registry = new();
    private readonly float[] _mel;
    private readonly float[] _face;
    private readonly float[] _generated;
    private readonly RealtimeJob[] _batch;
    private readonly long[] _batchSizes;
    private readonly LatencyWindow _inference = new();
    private RealtimeSession[] _sessions = [];
    private int _rotation;
    private long _runs;
    private long _frames;
    private long _multiSessionRuns;
    private long _failures;
    private int _maxSessionsInRun;

    public SharedBatcher(ILipSyncGenerator generator, int perSession, int maxRunFrames, TimeProvider time, RealtimeMetrics? metrics)
    {
        _generator = generator;
        _perSession = perSession;
        MaxRunFrames = maxRunFrames;
        _time = time;
        _metrics = metrics;
        int s = generator.Info.FaceSize;
        _mel = new float[maxRunFrames * MelWindows.WindowLength];
        _face = new float[maxRunFrames * 6 * s * s];
        _generated = new float[maxRunFrames * 3 * s * s];
        _batch = new RealtimeJob[maxRunFrames];
        _batchSizes = new long[maxRunFrames + 1];
    }

    /// <summary>Most frames per generator run.</summary>
    public int MaxRunFrames { get; }

    public void Register(RealtimeSession session)
    {
        lock (_registry)
        {
            _sessions = [.. _sessions, session];
        }
    }

    public void Unregister(RealtimeSession session)
    {
        lock (_registry)
        {
            _sessions = [.. _sessions.Where(s => s != session)];
        }
    }

    /// <summary>Tells the loop that frames wait (after they were queued). Cheap, thread-safe, never blocks.</summary>
    /// <remarks>A doorbell, not a queue: one pending ring is enough, the loop then looks at every session. The wait
    /// resets it before the loop looks, so a job queued after the look rings again and is seen by the next round.</remarks>
    public void Ring() => _doorbell.Set();

    /// <summary>Starts the loop on its own thread; it ends when <paramref name="cancellationToken"/> fires.</summary>
    public Task Start(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken cancellationToken)
    {
        WaitHandle[] wake = [_doorbell, cancellationToken.WaitHandle];
        using (_doorbell)
        {
            while (WaitHandle.WaitAny(wake) == 0)
            {
                try
                {
                    while (RunOnce() > 0)
                    {
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A bug here must not stop every session's frames; count it and serve the next ring.
                    Interlocked.Increment(ref _failures);
                }
            }
        }
    }

    /// <summary>Collects and runs one batch; returns the frames run (0: nothing waited).</summary>
    internal int RunOnce()
    {
        RealtimeSession[] sessions = Volatile.Read(ref _sessions);
        if (sessions.Length == 0)
        {
            return 0;
        }

        int s = _generator.Info.FaceSize;
        int faceLength = 6 * s * s;
        int outLength = 3 * s * s;
        int n = 0;
        int sessionsInRun = 0;
        int first = _rotation++ % sessions.Length;
        for (int k = 0; k < sessions.Length && n < MaxRunFrames; k++)
        {
            RealtimeSession session = sessions[(first + k) % sessions.Length];
            int taken = 0;
            while (taken < _perSession && n < MaxRunFrames && session.TryTakeJob(out RealtimeJob job))
            {
                if (session.IsPast(job.Index))
                {
                    session.DropStaleJob(job);
                    continue;
                }

                job.Mel.AsSpan(0, MelWindows.WindowLength).CopyTo(_mel.AsSpan(n * MelWindows.WindowLength));
                session.Avatar.FaceInput(job.CacheFrame).CopyTo(_face.AsSpan(n * faceLength, faceLength));
                ArrayPool<float>.Shared.Return(job.Mel);
                _batch[n++] = job;
                taken++;
            }

            if (taken > 0)
            {
                sessionsInRun++;
            }
        }

        if (n == 0)
        {
            return 0;
        }

        long start = _time.GetTimestamp();
        try
        {
            _generator.Run(_mel.AsSpan(0, n * MelWindows.WindowLength), _face.AsSpan(0, n * faceLength), _generated.AsSpan(0, n * outLength), n);
        }
        catch (Exception e)
        {
            // A generator that throws is broken for these frames; fail their sessions rather than loop on it.
            Interlocked.Increment(ref _failures);
            for (int i = 0; i < n; i++)
            {
                _batch[i].Session.Fail(e);
                _batch[i].Session.JobFinished();
                _batch[i] = default;
            }

            return n;
        }

        Record(n, sessionsInRun, _time.GetElapsedTime(start));
        for (int i = 0; i < n; i++)
        {
            _batch[i].Session.DeliverGenerated(_batch[i], _generated.AsSpan(i * outLength, outLength));
            _batch[i] = default;
        }

        return n;
    }

    public BatcherStats Snapshot()
    {
        var sizes = new long[_batchSizes.Length];
        for (int i = 0; i < sizes.Length; i++)
        {
            sizes[i] = Interlocked.Read(ref _batchSizes[i]);
        }

        var p = _inference.Percentiles();
        return new BatcherStats(
            Interlocked.Read(ref _runs),
            Interlocked.Read(ref _frames),
            Interlocked.Read(ref _multiSessionRuns),
            Volatile.Read(ref _maxSessionsInRun),
            MaxRunFrames,
            sizes,
            p?.P50,
            p?.P95,
            Interlocked.Read(ref _failures));
    }

    private void Record(int frames, int sessionsInRun, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _runs);
        Interlocked.Add(ref _frames, frames);
        Interlocked.Increment(ref _batchSizes[frames]);
        if (sessionsInRun > 1)
        {
            Interlocked.Increment(ref _multiSessionRuns);
        }

        if (sessionsInRun > Volatile.Read(ref _maxSessionsInRun))
        {
            Volatile.Write(ref _maxSessionsInRun, sessionsInRun); // only this loop writes it
        }

        _inference.Record(elapsed.TotalMilliseconds);
        _metrics?.BatchSize.Record(frames);
        _metrics?.InferenceDuration.Record(elapsed.TotalMilliseconds);
    }
}
