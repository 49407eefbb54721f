using StreamLip.Realtime;
using StreamLip.Realtime.Capacity;
using StreamLip.Tests.Shared.Capacity;

namespace StreamLip.Core.Tests.Realtime.Capacity;

/// <summary>The engine with admission by headroom on a fake clock and scripted CPU: who is admitted, who degrades when.</summary>
public sealed class CapacityMonitorTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private static RealtimeOptions Options(double cores, double sessionCores, int maxSessions = 8) => new()
    {
        BatchPerSession = 5,
        MaxSessions = maxSessions,
        Capacity = new CapacityOptions { Cores = cores, TargetUtilization = 0.9, SessionCores = sessionCores, SampleMs = 1000 },
    };

    [Fact]
    public async Task A_small_node_admits_while_its_headroom_allows_refuses_the_next_and_the_admitted_keep_25_fps()
    {
        ScriptedCpuMeter cpu = null!;
        await using var harness = new RealtimeHarness(Options(cores: 1, sessionCores: 0.3), cpu: t => cpu = new ScriptedCpuMeter(t));
        var engine = harness.Engine;

        // 0.9 cores at 0.3 each: three sessions.
        var started = Enumerable.Range(0, 3).Select(_ => harness.Start()).ToList();
        var admitted = started.Select(s => s.Session).ToList();
        var refused = Assert.Throws<SessionLimitException>(() => harness.Start());
        Assert.Contains("no headroom for another session", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, engine.ActiveSessions);

        // They run as measured: 0.25 cores each, so the figure holds; still no room for a fourth (0.9 − 3 × 0.3 = 0).
        cpu.ProcessCores = 0.75;
        harness.Time.Advance(TimeSpan.FromSeconds(4));

        var capacity = engine.Capacity!;
        Assert.Equal((3, 0, false, 0), (capacity.Sessions, capacity.HeadroomSessions, capacity.Overloaded, capacity.DegradedSessions));
        Assert.Throws<SessionLimitException>(() => harness.Start());
        foreach (var (session, transport) in started)
        {
            // Every frame due went out (frame 0 leaves D ≈ 312 ms after the start), 40 ms apart: 25 fps.
            var s = session.GetStats();
            Assert.InRange(s.FramesDue, 90, 94);
            Assert.Equal((s.FramesDue, 0, 25.0), (s.FramesSent, s.FramesThinned, s.FrameRate));
            Assert.All(transport.Video.Zip(transport.Video.Skip(1)), p => Assert.Equal(TimeSpan.FromMilliseconds(40), p.Second.Pts - p.First.Pts));
        }

        // One stops: its place is free again once the smoothed figure has come down (0.75 → 0.625 → 0.5625 ≤ 0.6).
        await admitted[0].DisposeAsync();
        cpu.ProcessCores = 0.5;
        harness.Time.Advance(Window);
        Assert.Throws<SessionLimitException>(() => harness.Start());
        harness.Time.Advance(Window);
        harness.Start();
    }

    [Fact]
    public async Task Max_sessions_stays_the_upper_bound_however_much_headroom_there_is()
    {
        await using var harness = new RealtimeHarness(Options(cores: 64, sessionCores: 0.01, maxSessions: 2));
        harness.Start();
        harness.Start();

        var refused = Assert.Throws<SessionLimitException>(() => harness.Start());

        Assert.Contains("at most 2 sessions", refused.Message, StringComparison.Ordinal);
        Assert.True(harness.Engine.Capacity!.HeadroomSessions > 100);
    }

    [Fact]
    public async Task A_cpu_hog_beside_it_degrades_sessions_newest_first_one_step_at_a_time_audio_intact_and_they_come_back_oldest_first()
    {
        ScriptedCpuMeter cpu = null!;
        await using var harness = new RealtimeHarness(Options(cores: 2, sessionCores: 0.1), cpu: t => cpu = new ScriptedCpuMeter(t));
        var engine = harness.Engine;
        var transports = new List<FakeSessionTransport>();
        var sessions = new List<RealtimeSession>();
        for (int i = 0; i < 3; i++)
        {
            var (session, transport) = harness.Start();
            (sessions, transports) = ([.. sessions, session], [.. transports, transport]);
            harness.Time.Advance(TimeSpan.FromMilliseconds(100)); // distinct start times: the order is by age
        }

        cpu.ProcessCores = 0.3;
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.All(sessions, s => Assert.False(s.IsDegraded));

        // The hog takes every core that is left: the first whole window is full, the second makes it overload.
        cpu.OtherCores = 1.7;
        var degradedAfter = new List<string>();
        for (int second = 1; second <= 8; second++)
        {
            harness.Time.Advance(Window);
            degradedAfter.Add(string.Concat(sessions.Select(s => s.IsDegraded ? 'D' : '-')));
        }

        // Stated order: newest first, then the next, one step every two windows; never all at once.
        Assert.Equal(["---", "---", "--D", "--D", "-DD", "-DD", "DDD", "DDD"], degradedAfter);
        var at = sessions.Select(s => s.DegradedAt!.Value).ToArray();
        Assert.True(at[2] < at[1] && at[1] < at[0]);
        Assert.Equal(3, engine.Capacity!.DegradedSessions);
        Assert.Contains("overloaded (the CPU is full", Assert.Throws<SessionLimitException>(() => harness.Start()).Message, StringComparison.Ordinal);

        // A degraded session sends half its pictures and all of its voice.
        var newest = sessions[2].GetStats();
        Assert.Equal(12.5, newest.FrameRate);
        Assert.True(newest.FramesThinned > 40, $"{newest.FramesThinned} frames thinned");
        long due = newest.FramesDue;
        Assert.InRange(newest.FramesSent + newest.FramesThinned, due - 1, due);
        double voiceSeconds = transports[2].Audio.Sum(a => a.Samples.Length) / 16000.0;
        Assert.InRange(voiceSeconds, (due - 1) * 0.04, (due + 3) * 0.04);
        var video = transports[2].Video.Select(v => v.Pts).Where(p => p > TimeSpan.FromSeconds(7)).ToList();
        Assert.All(video.Zip(video.Skip(1)), p => Assert.Equal(TimeSpan.FromMilliseconds(80), p.Second - p.First));

        // The hog goes: after five calm windows the oldest degraded session (the oldest) comes back first, one at a time.
        cpu.OtherCores = 0;
        var restoredAfter = new List<string>();
        for (int second = 1; second <= 11; second++)
        {
            harness.Time.Advance(Window);
            restoredAfter.Add(string.Concat(sessions.Select(s => s.IsDegraded ? 'D' : '-')));
        }

        Assert.Equal("DDD", restoredAfter[3]);
        Assert.Equal("-DD", restoredAfter[4]);
        Assert.Equal("--D", restoredAfter[9]);
        Assert.Equal(25, sessions[0].FrameRate);
        Assert.Null(sessions[0].DegradedAt);
    }

    [Fact]
    public async Task Frames_missed_in_a_sessions_warm_up_do_not_count_later_ones_make_the_node_overloaded()
    {
        await using var harness = new RealtimeHarness(Options(cores: 2, sessionCores: 0.1), cpu: t => new ScriptedCpuMeter(t) { ProcessCores = 0.2 });
        var (session, _) = harness.Start();

        // A stall at 0.4 s (inside its first 2 s): the pacer skips frames, the window at 1 s does not count them.
        harness.Time.Advance(TimeSpan.FromMilliseconds(400));
        harness.Time.Jump(TimeSpan.FromMilliseconds(500));
        long missedYoung = session.GetStats().FramesMissed;
        harness.Time.Advance(TimeSpan.FromMilliseconds(2150)); // windows at 1, 2 and 3 s
        Assert.True(missedYoung > 3, $"{missedYoung} frames missed");
        Assert.False(harness.Engine.Capacity!.Overloaded);
        Assert.False(session.IsDegraded);

        // The same stall at 3.05 s counts in the window at 4 s.
        harness.Time.Jump(TimeSpan.FromMilliseconds(500));
        harness.Time.Advance(TimeSpan.FromMilliseconds(600));
        var capacity = harness.Engine.Capacity!;
        Assert.True(capacity.Overloaded, $"behind {capacity.BehindFraction}");
        Assert.Contains("late or missed", capacity.OverloadReason, StringComparison.Ordinal);
        Assert.True(session.IsDegraded);
    }

    [Fact]
    public async Task Without_capacity_options_the_engine_never_degrades_nor_refuses_below_max_sessions()
    {
        await using var harness = new RealtimeHarness(new RealtimeOptions { BatchPerSession = 5, MaxSessions = 3 });
        var sessions = new[] { harness.Start(), harness.Start(), harness.Start() };

        harness.Time.Advance(TimeSpan.FromSeconds(3));

        Assert.Null(harness.Engine.Capacity);
        Assert.All(sessions, s => Assert.Equal(25, s.Session.FrameRate));
    }
}
