using System.Diagnostics;
using StreamLip.Realtime;
using StreamLip.Realtime.Pacing;

namespace StreamLip.Core.Tests.Realtime.Pacing;

public sealed class PacingTimeProviderTests
{
    [Fact]
    public async Task Timers_fire_in_due_order_on_one_dedicated_thread()
    {
        using var time = new PacingTimeProvider();
        var fired = new List<(int Id, int Thread, bool Pool)>();
        var done = new TaskCompletionSource();
        void Callback(object? state)
        {
            lock (fired)
            {
                fired.Add(((int)state!, Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
                if (fired.Count == 3)
                {
                    done.SetResult();
                }
            }
        }

        using var late = time.CreateTimer(Callback, 3, TimeSpan.FromMilliseconds(60), Timeout.InfiniteTimeSpan);
        using var early = time.CreateTimer(Callback, 1, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        using var middle = time.CreateTimer(Callback, 2, TimeSpan.FromMilliseconds(40), Timeout.InfiniteTimeSpan);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([1, 2, 3], fired.Select(f => f.Id));
        Assert.Single(fired.Select(f => f.Thread).Distinct());
        Assert.DoesNotContain(fired, f => f.Pool);
        Assert.NotEqual(Environment.CurrentManagedThreadId, fired[0].Thread);
    }

    [Fact]
    public async Task A_timer_fires_near_its_due_time_and_change_or_dispose_cancel_the_old_due_time()
    {
        using var time = new PacingTimeProvider();
        var fired = new TaskCompletionSource<long>();
        long start = Stopwatch.GetTimestamp();
        using var timer = time.CreateTimer(_ => fired.TrySetResult(Stopwatch.GetTimestamp()), null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);
        Assert.True(timer.Change(TimeSpan.FromMilliseconds(80), Timeout.InfiniteTimeSpan)); // replaces the 10 ms

        long at = await fired.Task.WaitAsync(TimeSpan.FromSeconds(5));
        double ms = Stopwatch.GetElapsedTime(start, at).TotalMilliseconds;
        Assert.InRange(ms, 79, 300);

        int count = 0;
        var disposed = time.CreateTimer(_ => Interlocked.Increment(ref count), null, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);
        disposed.Dispose();
        Assert.False(disposed.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        await Task.Delay(100);
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task A_periodic_timer_repeats_until_disposed()
    {
        using var time = new PacingTimeProvider();
        int count = 0;
        var clock = Stopwatch.StartNew();
        var timer = time.CreateTimer(_ => Interlocked.Increment(ref count), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
        await Task.Delay(200);
        timer.Dispose();
        int atDispose = Volatile.Read(ref count);
        double elapsedMs = clock.Elapsed.TotalMilliseconds; // the delay may run long on a busy machine
        await Task.Delay(60);

        // At most one fire per 10 ms period (it never bursts to catch up), and it keeps firing.
        Assert.InRange(atDispose, 3, (int)(elapsedMs / 10) + 2);
        Assert.InRange(Volatile.Read(ref count), atDispose, atDispose + 1);
    }
}
