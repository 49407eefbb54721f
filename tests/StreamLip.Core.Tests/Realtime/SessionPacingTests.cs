using StreamLip.Realtime;

namespace StreamLip.Core.Tests.Realtime;

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
        var expected = (int)((TimeSpan.FromSeconds(4) - d).Ticks / Frame.Ticks) + 1;
        Assert.Equal(expected, transport.Video.Count);
        for (var i = 0; i < transport.Video.Count; i++)
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
    public async Task A_stalled_clock_skips_the_missed_deadlines_instead_of_bursting()
    {
        await using var h = new RealtimeHarness();
        var (session, transport) = h.Start();
        h.Time.Advance(session.LatencyBudget);
        Assert.Single(transport.Video);

        h.Time.Jump(TimeSpan.FromSeconds(1));

        // 25 deadlines passed at once: one frame goes out (the latest slot), 24 are counted missed.
        Assert.Equal(2, transport.Video.Count);
        Assert.Equal(25 * Frame, transport.Video[1].Pts);
        var stats = session.GetStats();
        Assert.Equal(24, stats.FramesMissed);
        Assert.Equal(2, stats.FramesSent);
        Assert.Equal(26, stats.FramesDue);

        // And it goes on at 25 fps from there.
        h.Time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(12, transport.Video.Count);
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
        for (var i = 0; i < transport.Video.Count; i++)
        {
            Assert.Equal(h.AvatarA.Frame(h.AvatarA.LoopIndex(i)).ToArray(), transport.Video[i].Bgrx);
        }
    }
}
