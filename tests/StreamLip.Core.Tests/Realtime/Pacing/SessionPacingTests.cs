using StreamLip.Realtime;

namespace StreamLip.Core.Tests.Realtime.Pacing;

public sealed class SessionPacingTests
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(40);

    [Fact]
    public async Task Without_audio_the_idle_loop_goes_out_at_exactly_25_fps_with_aligned_audio()
    {
        await using var h = new RealtimeHarness();
        var (session, transport) = h.Start();
        var d = session.LatencyBudget;

        h.Time.Advance(TimeSpan.FromSeconds(4));

        // Frame i is due at D + i·40 ms: the slots whose deadline has passed by t = 4 s.
        int expected = (int)((TimeSpan.FromSeconds(4) - d).Ticks / Frame.Ticks) + 1;
        Assert.Equal(expected, transport.Video.Count);
        for (int i = 0; i < transport.Video.Count; i++)
        {
            var sent = transport.Video[i];
            Assert.Equal(i * Frame, sent.Pts);
            Assert.Equal((d + (i * Frame)).Ticks, sent.SentAt);
            Assert.Equal(h.AvatarA.Frame(h.AvatarA.LoopIndex(i)).ToArray(), sent.Bgrx);
            Assert.Equal(sent.Pts, transport.Audio[i].Pts);
            Assert.Equal(16000, transport.Audio[i].SampleRate);
            Assert.Equal(640, transport.Audio[i].Samples.Length);
            Assert.All(transport.Audio[i].Samples, s => Assert.Equal(0f, s));
        }

        var stats = session.GetStats();
        Assert.Equal(expected, stats.FramesSent);
        Assert.Equal(expected, stats.FramesDue);
        Assert.Equal(expected, stats.FramesIdle);
        Assert.Equal(0, stats.FramesLate);
        Assert.Equal(0, stats.AvOffsetMs);
        Assert.Empty(h.Generator.Batches);
    }

    [Fact]
    public async Task A_long_stall_sends_the_last_few_deadlines_late_and_skips_the_rest()
    {
        await using var h = new RealtimeHarness();
        var (session, transport) = h.Start();
        h.Time.Advance(session.LatencyBudget);
        Assert.Single(transport.Video);

        h.Time.Jump(TimeSpan.FromSeconds(1));

        // 25 deadlines passed at once: the last MaxCatchUp (3) go out in order with their own PTS, 22 are missed.
        Assert.Equal(4, transport.Video.Count);
        Assert.Equal([23 * Frame, 24 * Frame, 25 * Frame], transport.Video.Skip(1).Select(v => v.Pts));
        Assert.Equal(transport.Video.Select(v => v.Pts), transport.Audio.Select(a => a.Pts));
        var stats = session.GetStats();
        Assert.Equal(22, stats.FramesMissed);
        Assert.Equal(4, stats.FramesSent);
        Assert.Equal(26, stats.FramesDue);
        Assert.Equal(80, stats.SendLagMaxMs!.Value, 6); // frame 23 was due 920 ms into the stall

        // And it goes on at 25 fps from there.
        h.Time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(14, transport.Video.Count);
    }

    [Fact]
    public async Task A_short_stall_loses_no_frame()
    {
        await using var h = new RealtimeHarness();
        var (session, transport) = h.Start();
        h.Time.Advance(session.LatencyBudget);

        h.Time.Jump(TimeSpan.FromMilliseconds(90)); // two deadlines overrun (40 and 80 ms)

        Assert.Equal([TimeSpan.Zero, Frame, 2 * Frame], transport.Video.Select(v => v.Pts));
        var stats = session.GetStats();
        Assert.Equal(0, stats.FramesMissed);
        Assert.Equal(3, stats.FramesSent);
        Assert.Equal(50, stats.SendLagMaxMs!.Value, 6);
    }

    [Fact]
    public async Task Silence_sends_the_raw_avatar_frames_and_skips_inference()
    {
        await using var h = new RealtimeHarness();
        var s = h.Start();

        h.Speak(Signals.Silence(3), s);

        var (session, transport) = s;
        var stats = session.GetStats();
        Assert.Empty(h.Generator.Batches);
        Assert.True(stats.FramesSilent > 60, $"{stats.FramesSilent} silent frames");
        Assert.Equal(0, stats.FramesLate);
        for (int i = 0; i < transport.Video.Count; i++)
        {
            Assert.Equal(h.AvatarA.Frame(h.AvatarA.LoopIndex(i)).ToArray(), transport.Video[i].Bgrx);
        }
    }
}
