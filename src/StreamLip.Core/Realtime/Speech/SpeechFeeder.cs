namespace StreamLip.Realtime.Speech;

/// <summary>
/// A session's virtual microphone: plays queued utterances, in order, into the session's audio path in 20 ms chunks
/// on the session clock, each chunk stamped as heard when it is fed, exactly as microphone audio arrives. Between
/// utterances and while a stream waits for data it feeds silence (the microphone hears a pause); when the queue runs
/// empty it feeds the rest of the last chunk as silence, marks it as the end of speech, and stops.
/// </summary>
/// <remarks>
/// Driven by one one-shot <see cref="ITimer"/> of the session's <see cref="TimeProvider"/>, re-armed for the next 20 ms
/// boundary after each tick (no drift; on a fake clock, ticks run inside Advance). A tick that comes late feeds the
/// chunks it owes, at most <see cref="MaxCatchUpChunks"/>; beyond that the playback is delayed instead.
/// Thread-safe (one lock). Events are raised under the lock, in order, on the timer's thread or the caller's: handlers
/// must return quickly and must not wait for another thread that calls into the session.
/// </remarks>
internal sealed class SpeechFeeder : IDisposable
{
    /// <summary>Samples per chunk (20 ms at 16 kHz).</summary>
    public const int ChunkSamples = 320;

    /// <summary>Chunks a late tick still feeds at once (200 ms).</summary>
    public const int MaxCatchUpChunks = 10;

    /// <summary>A stream starts playing once this much of it waits (samples, 40 ms), so that small delays between its
    /// chunks do not cut its first words into pieces; a stream that ends sooner plays at once.</summary>
    public const int PrebufferSamples = 640;

    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(20);

    private readonly TimeProvider _time;
    private readonly Action<ReadOnlySpan<float>, bool> _feed;
    private readonly Action<Utterance> _started;
    private readonly Action<Utterance, bool> _finished;
    private readonly Queue<Utterance> _queue = new();
    private readonly float[] _chunk = new float[ChunkSamples];
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private Utterance? _current;
    private long _nextId;
    private long _start;   // timestamp of the playback run's start
    private long _fed;     // chunks fed in this run
    private bool _running;
    private long _lastFed = long.MinValue; // timestamp of the last chunk fed
    private bool _disposed;

    /// <param name="time">The session's clock.</param>
    /// <param name="feed">Takes one 20 ms chunk (16 kHz mono, valid during the call) and whether it ends the speech.</param>
    /// <param name="started">An utterance's first sample is fed.</param>
    /// <param name="finished">An utterance ended: true when interrupted (or dropped at the session's end).</param>
    public SpeechFeeder(TimeProvider time, Action<ReadOnlySpan<float>, bool> feed, Action<Utterance> started, Action<Utterance, bool> finished)
    {
        _time = time;
        _feed = feed;
        _started = started;
        _finished = finished;
        _timer = time.CreateTimer(static s => ((SpeechFeeder)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>True while speech is queued, playing, or a stream is open: the session's own microphone is ignored.</summary>
    public bool IsActive
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Utterances queued or playing.</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count + (_current is null ? 0 : 1);
            }
        }
    }

    /// <summary>Timestamp of the last chunk fed (long.MinValue if none).</summary>
    public long LastFed
    {
        get
        {
            lock (_gate)
            {
                return _lastFed;
            }
        }
    }

    /// <summary>Queues an utterance (whole, or a stream written later); playback starts within 20 ms if idle.</summary>
    /// <exception cref="SpeechQueueFullException"><paramref name="maxQueued"/> utterances are queued or playing.</exception>
    /// <exception cref="ObjectDisposedException">The session stopped.</exception>
    public Utterance Enqueue(ReadOnlySpan<float> samples, string? label, bool stream, int maxQueued)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_queue.Count + (_current is null ? 0 : 1) >= maxQueued)
            {
                throw new SpeechQueueFullException(maxQueued);
            }

            var utterance = new Utterance(++_nextId, label, stream);
            utterance.Samples.Write(samples);
            utterance.Completed = !stream;
            _queue.Enqueue(utterance);
            if (!_running)
            {
                _running = true;
                _start = _time.GetTimestamp();
                _fed = 0;
                _timer.Change(Period, Timeout.InfiniteTimeSpan);
            }

            return utterance;
        }
    }

    /// <summary>Adds samples to a stream utterance; false (dropped) once it was completed, interrupted or the session stopped.</summary>
    public bool Append(Utterance utterance, ReadOnlySpan<float> samples, bool complete)
    {
        lock (_gate)
        {
            if (_disposed || utterance.Completed || utterance.State is UtteranceState.Interrupted or UtteranceState.Finished)
            {
                return false;
            }

            utterance.Samples.Write(samples);
            utterance.Completed = complete;
            return true;
        }
    }

    /// <summary>Stops the playing utterance and drops the queued ones (each reported finished, interrupted);
    /// returns how many there were. Nothing more is fed until something is queued again.</summary>
    public int Interrupt()
    {
        lock (_gate)
        {
            return StopAll();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            StopAll();
        }
    }

    // Under _gate.
    private int StopAll()
    {
        int stopped = 0;
        if (_current is not null)
        {
            Finish(_current, interrupted: true);
            _current = null;
            stopped++;
        }

        while (_queue.TryDequeue(out Utterance? queued))
        {
            Finish(queued, interrupted: true);
            stopped++;
        }

        _running = false;
        if (!_disposed)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        return stopped;
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (!_running || _disposed)
            {
                return;
            }

            long due = _time.GetElapsedTime(_start).Ticks / Period.Ticks;
            if (due - _fed > MaxCatchUpChunks)
            {
                // The thread was held up for long: feed what a short stall would, and play the rest later.
                _fed = due - MaxCatchUpChunks;
            }

            while (_fed < due && _running)
            {
                _fed++;
                FeedOne();
            }

            if (_running)
            {
                TimeSpan wait = TimeSpan.FromTicks((_fed + 1) * Period.Ticks) - _time.GetElapsedTime(_start);
                _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }
    }

    // Under _gate: one chunk from the queue (silence where there is none), then the end-of-speech mark if it ran dry.
    private void FeedOne()
    {
        int filled = 0;
        bool waiting = false;
        while (filled < ChunkSamples)
        {
            if (_current is null)
            {
                if (!_queue.TryDequeue(out _current))
                {
                    break;
                }

                _current.SetState(UtteranceState.Playing);
                _started(_current);
            }

            Utterance u = _current;
            if (!u.Primed)
            {
                if (!u.Completed && u.Samples.Count < PrebufferSamples)
                {
                    waiting = true;
                    break;
                }

                u.Primed = true;
            }

            int n = u.Samples.Read(_chunk.AsSpan(filled));
            u.AddPlayed(n);
            filled += n;
            if (u.Samples.Count == 0)
            {
                if (!u.Completed)
                {
                    waiting = true; // an open stream ran dry: the microphone hears a pause
                    break;
                }

                Finish(u, interrupted: false);
                _current = null;
            }
        }

        _chunk.AsSpan(filled).Clear();
        bool end = !waiting && _current is null && _queue.Count == 0;
        _lastFed = _time.GetTimestamp();
        _feed(_chunk, end);
        if (end)
        {
            _running = false;
        }
    }

    private void Finish(Utterance u, bool interrupted)
    {
        u.SetState(interrupted ? UtteranceState.Interrupted : UtteranceState.Finished);
        u.Completed = true;
        u.Samples.Clear();
        _finished(u, interrupted);
    }
}
