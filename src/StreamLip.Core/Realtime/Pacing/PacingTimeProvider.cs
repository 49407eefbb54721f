using System.Diagnostics;
using System.Runtime.InteropServices;

namespace StreamLip.Realtime.Pacing;

/// <summary>
/// System time whose timers all fire on one dedicated thread instead of the thread pool: the sessions' pacers tick
/// there, so a thread pool kept busy (compositing, signalling, a blocked callback) never holds a frame past its deadline.
/// </summary>
/// <remarks>
/// Measured on the 2-core CI machine with Chromium decoding beside the server: pool timers fired up to 60 ms late and
/// ~20 % of frame deadlines were overrun; a timer thread of its own keeps the lateness to about a millisecond.
/// Where the process may (root, or CAP_SYS_NICE), the thread also runs at nice −10 so that the CPU-heavy neighbours
/// (encoders, inference, a browser on the same machine) yield to it for the microseconds a tick takes.
/// Callbacks must be short and must not block: they delay every other timer. Thread-safe.
/// </remarks>
public sealed partial class PacingTimeProvider : TimeProvider, IDisposable
{
    private static readonly Lazy<PacingTimeProvider> SharedInstance = new(() => new PacingTimeProvider());

    private readonly PriorityQueue<(PacedTimer Timer, long Version), long> _queue = new();
    private readonly object _gate = new(); // Monitor: the thread waits on it
    private readonly Thread _thread;
    private bool _disposed;

    /// <summary>Starts the timer thread.</summary>
    public PacingTimeProvider()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "StreamLip pacer" };
        _thread.Start();
    }

    /// <summary>One instance for the process (never disposed): what the engine uses unless given another clock.</summary>
    public static PacingTimeProvider Shared => SharedInstance.Value;

    /// <summary>True when the timer thread got its raised priority (nice −10).</summary>
    public bool RaisedPriority { get; private set; }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var timer = new PacedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Stops the thread; timers never fire again.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }

        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
    }

    private void Schedule(PacedTimer timer, long version, long due)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _queue.Enqueue((timer, version), due);
            if (_queue.TryPeek(out _, out long first) && first == due)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Run()
    {
        RaisedPriority = TryRaisePriority();
        while (true)
        {
            PacedTimer timer;
            long version;
            lock (_gate)
            {
                while (true)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    if (_queue.TryPeek(out var next, out long due))
                    {
                        long now = Stopwatch.GetTimestamp();
                        if (due <= now)
                        {
                            _queue.Dequeue();
                            (timer, version) = next;
                            break;
                        }

                        // Round up to whole milliseconds: waking a little late beats spinning a little early.
                        Monitor.Wait(_gate, (int)Math.Clamp(((due - now) * 1000 / Stopwatch.Frequency) + 1, 1, int.MaxValue));
                    }
                    else
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }

            timer.Fire(version);
        }
    }

    private static bool TryRaisePriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            const int PrioProcess = 0;
            return Libc.SetPriority(PrioProcess, Libc.GetTid(), -10) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static partial class Libc
    {
        [LibraryImport("libc", EntryPoint = "setpriority")]
        public static partial int SetPriority(int which, int who, int priority);

        [LibraryImport("libc", EntryPoint = "gettid")]
        public static partial int GetTid();
    }

    private sealed class PacedTimer(PacingTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private readonly Lock _gate = new();
        private long _version;
        private long _period; // Stopwatch ticks; 0: one-shot
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            long version;
            long due;
            lock (_gate)
            {
                if (_disposed)
                {
                    return false;
                }

                version = ++_version;
                _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : ToStopwatch(period);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                due = Stopwatch.GetTimestamp() + ToStopwatch(dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            }

            owner.Schedule(this, version, due);
            return true;
        }

        public void Fire(long version)
        {
            long period;
            lock (_gate)
            {
                if (_disposed || version != _version)
                {
                    return; // changed or disposed since it was queued
                }

                period = _period;
            }

            try
            {
                callback(state);
            }
            catch (Exception e)
            {
                // As with a pool timer, an unhandled exception in a callback is fatal; say where it came from first.
                Environment.FailFast("A StreamLip pacer timer callback threw.", e);
            }

            if (period > 0)
            {
                lock (_gate)
                {
                    if (_disposed || version != _version)
                    {
                        return;
                    }
                }

                owner.Schedule(this, version, Stopwatch.GetTimestamp() + period);
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _version++;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private static long ToStopwatch(TimeSpan t) => (long)(t.Ticks * (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond);
    }
}
