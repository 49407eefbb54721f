using StreamLip.Avatars;
using StreamLip.Realtime;
using StreamLip.Realtime.Batching;

namespace StreamLip.Core.Tests.Realtime.Batching;

/// <summary>
/// Issue #6 item 4: a failure in one session's generator input, transport or output ends that session (or output) alone;
/// the other sessions keep their 25 fps and keep getting generated frames, and the batcher thread survives.
/// </summary>
public sealed class FaultIsolationTests
{
    /// <summary>The grey of the poisoned avatar's face: the fake generator throws on any batch that holds one of its crops.</summary>
    private const byte PoisonGrey = 13;

    private static float Poison => PoisonGrey / 255f;

    [Fact]
    public async Task A_mixed_run_that_throws_fails_only_the_session_whose_frames_break_the_model()
    {
        await using var h = new RealtimeHarness(new RealtimeOptions { BatchPerSession = 5, MaxSessions = 4, ProcessingMargin = TimeSpan.FromSeconds(1) }, startBatcher: false);
        var poisoned = h.MakeAvatar(31, PoisonGrey);
        h.Generator.PoisonReference = Poison;
        var good = h.Start(h.AvatarA);
        var bad = h.Start(poisoned);
        var failures = new List<Exception>();
        bad.Session.Failed += (_, e) => failures.Add(e);
        bool goodFailed = false;
        good.Session.Failed += (_, _) => goodFailed = true;

        // Frames 0..7 of each complete; one run takes 5 of each and throws because of the poisoned session's crops.
        h.Speak(Signals.Tone(0.5), good, bad);
        Assert.Equal(10, h.Engine.Batcher.RunOnce());

        // The run was taken apart: the good session's 5 frames ran alone and were delivered; the poisoned one failed.
        Assert.Equal([5], h.Generator.Batches);
        Assert.Equal(2, h.Generator.PoisonedRuns); // the mixed run, then the poisoned session's part alone
        var error = Assert.Single(failures);
        Assert.Contains("injected model failure", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        await bad.Session.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(bad.Transport.Disposed);
        var stats = h.Engine.BatcherStats;
        Assert.Equal(1, stats.Failures);
        Assert.Equal(1, stats.SessionsFailed);
        Assert.Equal(5, stats.Frames);

        // The good session composes and sends its 5 frames, then the 3 still queued on the next run.
        Assert.True(SpinWait.SpinUntil(() => good.Session.InFlight == 3, TimeSpan.FromSeconds(20)));
        Assert.Equal(3, h.Engine.Batcher.RunOnce());
        Assert.True(SpinWait.SpinUntil(() => good.Session.InFlight == 0, TimeSpan.FromSeconds(20)));
        h.Time.Advance(TimeSpan.FromMilliseconds(1000)); // frame 7 is due at 1492.5 ms
        Assert.False(goodFailed);
        Assert.Equal(8, good.Session.GetStats().FramesGenerated);
        Assert.False(good.Session.IsStopped);
        Assert.Equal(1, h.Engine.ActiveSessions);
    }

    [Fact]
    public async Task A_failed_session_is_not_run_again_while_it_stops()
    {
        await using var h = new RealtimeHarness(new RealtimeOptions { BatchPerSession = 5, MaxSessions = 4, ProcessingMargin = TimeSpan.FromSeconds(1) }, startBatcher: false);
        var poisoned = h.MakeAvatar(31, PoisonGrey);
        h.Generator.PoisonReference = Poison;
        var bad = h.Start(poisoned);
        int failures = 0;
        var release = new ManualResetEventSlim();
        bad.Session.Failed += (_, _) =>
        {
            Interlocked.Increment(ref failures);
            release.Wait(TimeSpan.FromSeconds(20)); // hold the session's stop back: its queue still holds 3 frames
        };

        h.Speak(Signals.Tone(0.5), bad);
        var run = Task.Run(() => h.Engine.Batcher.RunOnce());
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref failures) == 1, TimeSpan.FromSeconds(20)));

        // The session failed and has not stopped yet (the first run is held in its handler): a next run leaves its 3
        // queued frames alone.
        Assert.Equal(0, await Task.Run(() => h.Engine.Batcher.RunOnce()));
        release.Set();
        Assert.Equal(5, await run);
        await bad.Session.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1, h.Generator.PoisonedRuns);
        Assert.Equal(1, h.Engine.BatcherStats.SessionsFailed);
        Assert.Equal(1, failures);
    }

    [Fact]
    public async Task With_the_batcher_running_the_other_sessions_keep_25_fps_and_generated_frames_after_one_fails()
    {
        await using var h = new RealtimeHarness();
        var poisoned = h.MakeAvatar(31, PoisonGrey);
        h.Generator.PoisonReference = Poison;
        var good = h.Start(h.AvatarA);
        var bad = h.Start(poisoned);
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        bad.Session.Failed += (_, e) =>
        {
            failed.TrySetResult(e);
            throw new InvalidOperationException("a handler that throws must not stop the batcher");
        };

        // 2 s of speech and 0.5 s of silence in both; the poisoned session fails on its first frames, the good one goes on.
        h.Speak(Signals.Concat(Signals.Tone(2), Signals.Silence(0.5)), good, bad);
        Assert.Contains("injected model failure", (await failed.Task.WaitAsync(TimeSpan.FromSeconds(20))).Message, StringComparison.Ordinal);
        await bad.Session.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        h.Time.Advance(TimeSpan.FromSeconds(1));

        var stats = good.Session.GetStats();
        Assert.False(good.Session.IsStopped);
        Assert.Equal(stats.FramesDue, stats.FramesSent);
        Assert.Equal(0, stats.FramesMissed);
        // Only the frames of the last 225 ms of audio are late (their windows need audio that never came: the microphone
        // stopped); every frame of the speech was generated in time despite the other session's failures.
        Assert.InRange(stats.FramesLate, 0, 6);
        Assert.Equal(stats.FramesSent, good.Transport.Video.Count);
        long expected = (h.Time.Now - good.Session.LatencyBudget).Ticks / TimeSpan.FromMilliseconds(40).Ticks;
        Assert.InRange(stats.FramesSent, expected, expected + 1); // 25 fps on the session clock, no gap
        Assert.True(stats.FramesGenerated >= 40, $"only {stats.FramesGenerated} generated frames: {stats}");
        Assert.True(h.Engine.BatcherStats.SessionsFailed == 1, h.Engine.BatcherStats.ToString());

        // The batcher thread survived the failure and the throwing handler: a new session gets generated frames.
        var later = h.Start(h.AvatarB);
        h.Speak(Signals.Tone(1), later);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(later.Session.GetStats().FramesGenerated >= 15, later.Session.GetStats().ToString());
    }

    [Fact]
    public async Task A_transport_that_throws_ends_its_session_while_another_keeps_its_rate()
    {
        await using var h = new RealtimeHarness();
        var broken = h.Start(h.AvatarA);
        var steady = h.Start(h.AvatarB);
        h.Time.Advance(TimeSpan.FromSeconds(1));

        broken.Transport.FailPushes = true;
        h.Speak(Signals.Tone(1), steady);
        await broken.Session.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        h.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(broken.Transport.Disposed);
        var stats = steady.Session.GetStats();
        Assert.False(steady.Session.IsStopped);
        Assert.Equal(stats.FramesDue, stats.FramesSent);
        Assert.Equal(0, stats.FramesMissed);
        long expected = (h.Time.Now - steady.Session.LatencyBudget).Ticks / TimeSpan.FromMilliseconds(40).Ticks;
        Assert.InRange(stats.FramesSent, expected, expected + 1);
        Assert.True(stats.FramesGenerated >= 15, stats.ToString());
        Assert.Equal(1, h.Engine.ActiveSessions);
    }
}
