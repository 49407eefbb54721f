using System.Buffers;
using StreamLip.Inference;
using StreamLip.Stages;

namespace StreamLip.Realtime.Batching;

/// <summary>
/// The one batcher all sessions share: whenever frames wait, it takes up to N from each session (round-robin, so no
/// session starves), at most <see cref="MaxRunFrames"/> in all, runs the generator once (<see cref="BatchAssembler"/>,
/// shared with the offline render), and writes each face forward to the compose stage of the session's
/// <see cref="BatchLane"/>: it never calls into a session. It never waits for a batch to fill: a lone frame runs alone.
/// Frames whose deadline has already passed are dropped unrun. A run that throws is taken apart: each session's part
/// runs again alone, and only a session whose own frames make the model throw is failed (see <see cref="Isolate"/>).
/// </summary>
/// <remarks>
/// The loop runs on its own thread: a generator run blocks (ONNX Runtime, tens of ms for the full model), and on the
/// thread pool it would hold up the pacers' timer callbacks and the audio loops whenever the pool is short of threads
/// (seen: a 1 s stall of every pacer on a loaded 2-core machine).
/// </remarks>
internal sealed class SharedBatcher
{
    private readonly int _perSession;
    private readonly TimeProvider _time;
    private readonly RealtimeMetrics? _metrics;
    private readonly AutoResetEvent _doorbell = new(initialState: false);
    private readonly Lock _registry = new();
    private readonly BatchAssembler _batch;
    private readonly FrameJob[] _jobs;
    private readonly BatchLane?[] _jobLanes; // the lane each job of the batch came from, and whose faces go on through
    private readonly long[] _batchSizes;
    private readonly LatencyWindow _inference = new();
    private BatchLane[] _lanes = [];
    private int _rotation;
    private long _runs;
    private long _frames;
    private long _multiSessionRuns;
    private long _failures;
    private long _sessionsFailed;
    private TimeSpan _lastRun; // duration of the last generator run that succeeded (this loop only)
    private int _maxSessionsInRun;

    public SharedBatcher(ILipSyncGenerator generator, int perSession, int maxRunFrames, TimeProvider time, RealtimeMetrics? metrics)
    {
        _perSession = perSession;
        MaxRunFrames = maxRunFrames;
        _time = time;
        _metrics = metrics;
        _batch = new BatchAssembler(generator, maxRunFrames);
        _jobs = new FrameJob[maxRunFrames];
        _jobLanes = new BatchLane?[maxRunFrames];
        _batchSizes = new long[maxRunFrames + 1];
    }

    /// <summary>Most frames per generator run.</summary>
    public int MaxRunFrames { get; }

    /// <summary>
    /// Runs the generator once at <see cref="MaxRunFrames"/> on the (zeroed) batch buffers, then once at one session's
    /// batch, and returns how long each took: the model's memory reaches the size of the largest run before the first
    /// session, so it does not grow under load later, and a model that cannot run fails here, at start; the second run
    /// (warm now) is what one session's frames cost. Call before <see cref="Start"/>; the generator's exceptions pass through.
    /// </summary>
    internal (TimeSpan Largest, TimeSpan OneSession) WarmUp()
    {
        long begin = _time.GetTimestamp();
        _batch.Run(0, MaxRunFrames);
        TimeSpan largest = _time.GetElapsedTime(begin);
        begin = _time.GetTimestamp();
        _batch.Run(0, _perSession);
        return (largest, _time.GetElapsedTime(begin));
    }

    /// <summary>Serves <paramref name="lane"/>'s jobs from the next round on.</summary>
    public void Register(BatchLane lane)
    {
        lock (_registry)
        {
            _lanes = [.. _lanes, lane];
        }
    }

    /// <summary>Takes no more of <paramref name="lane"/>'s jobs (a run under way may still deliver to it).</summary>
    public void Unregister(BatchLane lane)
    {
        lock (_registry)
        {
            _lanes = [.. _lanes.Where(l => l != lane)];
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
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // A bug here must not stop every session's frames (nor the process: this is a thread of its own);
                    // count it and serve the next ring.
                    Interlocked.Increment(ref _failures);
                }
            }
        }
    }

    /// <summary>Collects and runs one batch; returns the frames run (0: nothing waited).</summary>
    internal int RunOnce()
    {
        BatchLane[] lanes = Volatile.Read(ref _lanes);
        if (lanes.Length == 0)
        {
            return 0;
        }

        _batch.Clear();
        int sessionsInRun = 0;
        int first = _rotation++ % lanes.Length;
        for (int k = 0; k < lanes.Length && !_batch.IsFull; k++)
        {
            BatchLane lane = lanes[(first + k) % lanes.Length];
            if (lane.Context.IsClosed)
            {
                continue; // it stops off this thread and drains its own queue; its frames would only fail it again
            }

            int taken = 0;
            while (taken < _perSession && !_batch.IsFull && lane.Jobs.TryRead(out FrameJob job))
            {
                if (lane.Context.IsPast(job.Index))
                {
                    // Taken too late to matter.
                    ArrayPool<float>.Shared.Return(job.Mel);
                    lane.Context.Stale();
                    lane.Context.Left();
                    continue;
                }

                int n = _batch.Count;
                _batch.Add(job.Mel, lane.Avatar, job.CacheFrame);
                ArrayPool<float>.Shared.Return(job.Mel);
                _jobs[n] = job;
                _jobLanes[n] = lane;
                taken++;
            }

            if (taken > 0)
            {
                sessionsInRun++;
            }
        }

        int count = _batch.Count;
        if (count == 0)
        {
            return 0;
        }

        if (TryGenerate(0, count, out Exception? error))
        {
            Record(count, sessionsInRun);
            Deliver(0, count);
        }
        else
        {
            Interlocked.Increment(ref _failures);
            Isolate(count, sessionsInRun, error!);
        }

        return count;
    }

    /// <summary>
    /// A run of frames <c>[0, n)</c> threw. When it held one session, that session's frames caused it. When it held
    /// several, each session's part is run again alone: a session whose part throws again is failed, the others get
    /// their frames (a little later than planned; the pacer sends them if still in time). One session's bad input or a
    /// model that breaks on it thus never ends another session.
    /// </summary>
    private void Isolate(int n, int sessionsInRun, Exception error)
    {
        for (int start = 0; start < n;)
        {
            BatchLane lane = _jobLanes[start]!;
            int end = start + 1;
            while (end < n && _jobLanes[end] == lane)
            {
                end++; // a session's jobs sit together: the collect loop takes them one session at a time
            }

            if (sessionsInRun == 1)
            {
                FailJobs(start, end, error);
            }
            else if (TryGenerate(start, end - start, out Exception? own))
            {
                Record(end - start, 1);
                Deliver(start, end);
            }
            else
            {
                FailJobs(start, end, own!);
            }

            start = end;
        }
    }

    // Runs frames [start, start + count) of the batch in place; false (with the exception) when the generator throws.
    // Whatever the generator throws (ONNX Runtime errors, a bug in a binding) stops here, on this thread.
    private bool TryGenerate(int start, int count, out Exception? error)
    {
        long begin = _time.GetTimestamp();
        try
        {
            _batch.Run(start, count);
            _lastRun = _time.GetElapsedTime(begin);
            error = null;
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = e;
            return false;
        }
    }

    // Writes each generated face (copied: the batch is reused) forward, to the compose stage of the lane its job came from.
    private void Deliver(int start, int end)
    {
        for (int i = start; i < end; i++)
        {
            BatchLane lane = _jobLanes[i]!;
            FrameJob job = _jobs[i];
            float[] face = ArrayPool<float>.Shared.Rent(_batch.FaceLength);
            _batch.Generated(i).CopyTo(face);
            if (!lane.Output.TryWrite(new GeneratedFace(job.Index, job.CacheFrame, face, job.Arrival)))
            {
                ArrayPool<float>.Shared.Return(face); // the session stops
                lane.Context.Left();
            }

            _jobs[i] = default;
            _jobLanes[i] = null;
        }
    }

    // The frames of one session that the model cannot make: they leave the line, the session is failed (it reports
    // and stops off this thread). A handler of its Failed event that throws must not stop this loop.
    private void FailJobs(int start, int end, Exception error)
    {
        SessionContext session = _jobLanes[start]!.Context;
        for (int i = start; i < end; i++)
        {
            session.Left();
            _jobs[i] = default;
            _jobLanes[i] = null;
        }

        Interlocked.Increment(ref _sessionsFailed);
        try
        {
            session.Fail(new InvalidOperationException($"The model failed on this session's frames: {error.Message}", error));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A Failed handler threw; the session stops regardless.
        }
    }

    public BatcherStats Snapshot()
    {
        long[] sizes = new long[_batchSizes.Length];
        for (int i = 0; i < sizes.Length; i++)
        {
            sizes[i] = Interlocked.Read(ref _batchSizes[i]);
        }

        var p = _inference.Percentiles();
        return new BatcherStats
        {
            Runs = Interlocked.Read(ref _runs),
            Frames = Interlocked.Read(ref _frames),
            MultiSessionRuns = Interlocked.Read(ref _multiSessionRuns),
            MaxSessionsInRun = Volatile.Read(ref _maxSessionsInRun),
            MaxRunFrames = MaxRunFrames,
            BatchSizes = sizes,
            InferenceP50Ms = p?.P50,
            InferenceP95Ms = p?.P95,
            Failures = Interlocked.Read(ref _failures),
            SessionsFailed = Interlocked.Read(ref _sessionsFailed),
        };
    }

    // Counts a run that succeeded; its duration is the last TryGenerate's.
    private void Record(int frames, int sessionsInRun)
    {
        TimeSpan elapsed = _lastRun;
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
