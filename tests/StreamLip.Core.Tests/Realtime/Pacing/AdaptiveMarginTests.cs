using StreamLip.Realtime;
using StreamLip.Realtime.Pacing;

namespace StreamLip.Core.Tests.Realtime.Pacing;

public sealed class AdaptiveMarginTests
{
    private static readonly TimeSpan Cap = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Before_enough_frames_the_margin_is_one_session_s_warm_up_run_plus_the_timeline_tolerance_and_safety_or_the_cap()
    {
        Assert.Equal(Cap, new MarginEstimator(Cap, sessionRun: null).Next());
        Assert.Equal(TimeSpan.FromMilliseconds(71), new MarginEstimator(Cap, TimeSpan.FromMilliseconds(10.4)).Next()); // 10.4 + 40 + 20, rounded up
        Assert.Equal(Cap, new MarginEstimator(Cap, TimeSpan.FromMilliseconds(500)).Next());

        var few = new MarginEstimator(Cap, sessionRun: null);
        for (int i = 0; i < MarginEstimator.MinFrames - 1; i++)
        {
            few.Record(1);
        }

        Assert.Equal(Cap, few.Next());
    }

    [Fact]
    public void The_margin_is_the_99th_percentile_of_what_frames_needed_plus_safety_within_0_and_the_cap()
    {
        var margins = new MarginEstimator(Cap, TimeSpan.FromMilliseconds(10));
        for (int i = 0; i < 124; i++)
        {
            margins.Record(5);
        }

        margins.Record(33.3);
        margins.Record(33.3); // 2 of 126: the 99th percentile (nearest rank 125)
        Assert.Equal(33.3, margins.NeededP99Ms);
        Assert.Equal(TimeSpan.FromMilliseconds(54), margins.Next());

        var early = new MarginEstimator(Cap, null);
        var late = new MarginEstimator(Cap, null);
        for (int i = 0; i < MarginEstimator.MinFrames; i++)
        {
            early.Record(-30); // windows complete before their frame's time + floor (audio ahead of the clock)
            late.Record(400);
        }

        Assert.Equal(MarginEstimator.Safety, early.Next());
        Assert.Equal(Cap, late.Next());
    }

    [Fact]
    public async Task A_session_after_measured_speech_gets_the_margin_its_frames_needed_and_none_of_its_frames_is_late()
    {
        await using var h = new RealtimeHarness(new RealtimeOptions { MaxSessions = 2, ProcessingMargin = TimeSpan.FromMilliseconds(150), AdaptiveMargin = true });
        var floor = LatencyBudget.WindowFloor(0);
        var first = h.Start();
        Assert.Equal(floor + TimeSpan.FromMilliseconds(150), first.Session.LatencyBudget); // nothing measured, no warm-up: the cap

        h.Speak(Signals.Concat(Signals.Silence(0.2), Signals.Tone(6), Signals.Silence(0.5)), first);
        h.Time.Advance(TimeSpan.FromMilliseconds(80));
        Assert.True(first.Session.GetStats().FramesGenerated >= MarginEstimator.MinFrames);
        // Nothing takes time on the fake clock: a frame needed only the wait for the 20 ms chunk that completed its window.
        Assert.InRange(h.Engine.MarginNeededP99Ms!.Value, 0, 40);

        var second = h.Start();
        var margin = second.Session.LatencyBudget - floor;
        Assert.InRange(margin.TotalMilliseconds, 20, 60);
        Assert.Equal(second.Session.LatencyBudget, h.Engine.Latency);
        Assert.Equal(floor + TimeSpan.FromMilliseconds(150), first.Session.LatencyBudget); // a running session keeps its own

        // No time after the speech: with a margin this small, the frames of its last 212.5 ms would fall due, and their
        // windows need audio that never comes (a microphone would go on sending).
        h.Speak(Signals.Concat(Signals.Silence(0.2), Signals.Tone(3), Signals.Silence(0.5)), second);
        var stats = second.Session.GetStats();
        Assert.True(stats.FramesGenerated >= 70, $"{stats.FramesGenerated} generated");
        Assert.Equal(0, stats.FramesLate);
        Assert.Equal(0, stats.FramesMissed);
        Assert.InRange(stats.DelayP95Ms!.Value, margin.TotalMilliseconds - 40, margin.TotalMilliseconds);
    }

    [Fact]
    public async Task Without_adaptive_margin_every_session_gets_the_configured_margin()
    {
        await using var h = new RealtimeHarness(new RealtimeOptions { MaxSessions = 2, ProcessingMargin = TimeSpan.FromMilliseconds(150) });
        var first = h.Start();
        h.Speak(Signals.Concat(Signals.Silence(0.2), Signals.Tone(6), Signals.Silence(0.5)), first);
        var second = h.Start();
        Assert.Equal(LatencyBudget.Total(0, TimeSpan.FromMilliseconds(150)), second.Session.LatencyBudget);
    }
}
