using StreamLip.Avatars;
using StreamLip.Realtime;
using StreamLip.Realtime.Batching;

namespace StreamLip.Core.Tests.Realtime.Batching;

public sealed class SharedBatcherTests
{
    [Fact]
    public async Task One_run_takes_frames_of_several_sessions_and_each_gets_its_own_back()
    {
        // A 1 s margin keeps every frame of this test ahead of its deadline while the test drives the batcher.
        await using var h = new RealtimeHarness(new RealtimeOptions { BatchPerSession = 5, MaxSessions = 4, ProcessingMargin = TimeSpan.FromSeconds(1) }, startBatcher: false);
        var a = h.Start(h.AvatarA);
        var b = h.Start(h.AvatarB);

        // 0.5 s of speech: the windows of frames 0..7 complete (8 jobs per session, queues hold 10).
        h.Speak(Signals.Tone(0.5), a, b);
        int ran = h.Engine.Batcher.RunOnce();

        Assert.Equal(10, ran);
        Assert.Equal([10], h.Generator.Batches);
        var stats = h.Engine.BatcherStats;
        Assert.Equal(1, stats.MultiSessionRuns);
        Assert.Equal(2, stats.MaxSessionsInRun);
        Assert.Equal(1, stats.BatchSizes[10]);

        // Frames 0..4 of each are composed (5..7 still queued); send them: frame 4 is due at 1212.5 + 160 ms.
        Assert.True(SpinWait.SpinUntil(() => a.Session.InFlight == 3 && b.Session.InFlight == 3, TimeSpan.FromSeconds(20)));
        h.Time.Advance(TimeSpan.FromMilliseconds(900));
        AssertOwnBackground(a.Transport, h.AvatarA, h.AvatarB);
        AssertOwnBackground(b.Transport, h.AvatarB, h.AvatarA);
        Assert.Equal(5, a.Session.GetStats().FramesGenerated);
        Assert.Equal(5, b.Session.GetStats().FramesGenerated);
    }

    [Fact]
    public async Task A_run_takes_at_most_N_frames_per_session_and_never_waits_for_a_full_batch()
    {
        await using var h = new RealtimeHarness(new RealtimeOptions { BatchPerSession = 2, MaxSessions = 4, ProcessingMargin = TimeSpan.FromSeconds(1) }, startBatcher: false);
        var sessions = new[] { h.Start(), h.Start(), h.Start() };

        // 0.4 s of speech completes the windows of frames 0..4; each queue holds 2·N = 4, so frame 0 made way.
        h.Speak(Signals.Tone(0.4), sessions);
        Assert.Equal(6, h.Engine.Batcher.RunOnce());
        Assert.Equal(6, h.Engine.Batcher.RunOnce());
        Assert.Equal(0, h.Engine.Batcher.RunOnce());

        // One more chunk completes one more window of one session: it runs alone at once.
        h.Time.Advance(RealtimeHarness.Chunk);
        sessions[0].Transport.Speak(Signals.Tone(0.04).AsSpan(0, 640));
        h.Settle(sessions[0].Session);
        Assert.Equal(1, h.Engine.Batcher.RunOnce());
        Assert.Equal([6, 6, 1], h.Generator.Batches);
        Assert.All(sessions, s => Assert.Equal(1, s.Session.GetStats().JobsDropped));
    }

    [Fact]
    public async Task Frames_not_ready_by_their_deadline_are_late_and_repeat_the_previous_frame()
    {
        await using var h = new RealtimeHarness(startBatcher: false);
        var s = h.Start();

        // The batcher never runs: speech frames cannot be made.
        h.Speak(Signals.Tone(1), s);
        h.Time.Advance(TimeSpan.FromMilliseconds(200));

        // Audio covered every slot, so every frame is late; none was ever made, so the first frame shown (the avatar's
        // frame 0) is repeated, with no gap in the PTS sequence.
        var stats = s.Session.GetStats();
        Assert.Equal(23, stats.FramesDue);
        Assert.Equal(23, stats.FramesSent);
        Assert.Equal(23, stats.FramesLate);
        var video = s.Transport.Video;
        Assert.Equal(Enumerable.Range(0, 23).Select(i => i * 400_000L), video.Select(v => v.Pts.Ticks));
        Assert.All(video, v => Assert.True(v.Bgrx.AsSpan().SequenceEqual(h.AvatarA.Frame(0))));

        // Running now finds only frames whose deadline has passed: none is computed.
        h.Engine.Batcher.RunOnce();
        Assert.Empty(h.Generator.Batches);
        Assert.True(s.Session.GetStats().JobsDropped > 0);
    }

    private static void AssertOwnBackground(FakeSessionTransport transport, Avatar own, Avatar other)
    {
        // The first row lies outside the face box: it shows which avatar a generated frame was composed on.
        int generated = 0;
        for (int i = 0; i < transport.Video.Count; i++)
        {
            byte[] frame = transport.Video[i].Bgrx;
            int loop = own.LoopIndex(i);
            if (!frame.AsSpan().SequenceEqual(own.Frame(loop)))
            {
                generated++;
                Assert.True(frame.AsSpan(0, 256).SequenceEqual(own.Frame(loop)[..256]), $"frame {i} has another background");
                Assert.False(frame.AsSpan(0, 256).SequenceEqual(other.Frame(other.LoopIndex(i))[..256]));
            }
        }

        Assert.Equal(5, generated);
    }
}

public sealed class EngineWarmUpTests
{
    [Fact]
    public async Task With_warm_up_the_engine_runs_the_largest_batch_once_then_one_session_s_batch_before_any_session()
    {
        var generator = new Rendering.FakeGenerator(96, 64);
        var options = new RealtimeOptions { BatchPerSession = 5, MaxSessions = 4, MaxRunFrames = 64, WarmUp = true };

        await using var engine = new RealtimeEngine(generator, options, new ManualTimeProvider());

        // min(MaxRunFrames, batch × sessions, model) = 20: the largest run the batcher will ever ask for; then one
        // session's batch, timed for the first session's margin (AdaptiveMargin).
        Assert.Equal([20, 5], generator.Batches);
        Assert.Equal(20, engine.Batcher.MaxRunFrames);
    }

    [Fact]
    public async Task Without_warm_up_nothing_runs_until_a_session_speaks()
    {
        var generator = new Rendering.FakeGenerator(96, 64);

        await using var engine = new RealtimeEngine(generator, new RealtimeOptions { MaxSessions = 4 }, new ManualTimeProvider());

        Assert.Empty(generator.Batches);
        Assert.Equal(TimeSpan.Zero, engine.WarmUpTime);
    }

    [Fact]
    public void A_model_that_fails_its_warm_up_run_fails_the_engine_at_start()
    {
        var generator = new Rendering.FakeGenerator(96, 64, failOnRun: 0);

        var e = Assert.Throws<InvalidOperationException>(
            () => new RealtimeEngine(generator, new RealtimeOptions { MaxSessions = 4, WarmUp = true }, new ManualTimeProvider()));

        Assert.Equal("injected generator failure", e.Message);
    }
}
