using StreamLip.Core.Tests.Realtime.Speech;

namespace StreamLip.Core.Tests.Realtime.Pacing;

/// <summary>Idle frames whose picture did not change are pushed as unchanged, so a sink that can may hold its last picture.</summary>
public sealed class UnchangedFramesTests
{
    [Fact]
    public async Task A_still_avatars_idle_frames_after_the_first_are_held_and_its_voice_goes_on()
    {
        await using var h = new RealtimeHarness();
        var still = h.MakeAvatar(5, stillFrames: 1);
        var transport = new FakeSessionTransport(h.Time) { HoldsUnchanged = true };
        var session = h.Engine.StartSession("still", still, transport);

        h.Time.Advance(TimeSpan.FromSeconds(2));

        var stats = session.GetStats();
        Assert.True(stats.FramesSent > 40, $"{stats.FramesSent} frames sent");
        Assert.Single(transport.Video); // the first picture only
        Assert.Equal(TimeSpan.Zero, transport.Video[0].Pts);
        Assert.Equal(stats.FramesSent - 1, transport.Held);
        Assert.Equal(transport.Held, stats.FramesHeld);
        Assert.Equal(stats.FramesSent, transport.Audio.Count); // every slot's 40 ms of voice
    }

    [Fact]
    public async Task Speech_frames_are_sent_and_the_silence_after_them_is_held()
    {
        await using var h = new RealtimeHarness();
        var still = h.MakeAvatar(6, stillFrames: 1);
        var transport = new FakeSessionTransport(h.Time) { HoldsUnchanged = true };
        var session = h.Engine.StartSession("still", still, transport);

        h.Speak(Signals.Concat(Signals.Silence(0.6), Signals.Tone(1.0), Signals.Silence(2.4)), (session, transport));

        var stats = session.GetStats();
        Assert.True(stats.FramesGenerated > 10, $"{stats.FramesGenerated} generated");

        // Every slot went out with a picture or was held; a loop picture is sent only when something else was shown
        // before it (the first frame, the end of the speech, a silent window inside it), never twice in a row.
        Assert.Equal(stats.FramesSent, transport.Video.Count + transport.Held);
        Assert.True(stats.FramesGenerated + 2 <= transport.Video.Count, $"{transport.Video.Count} pictures sent");
        // The silence after the speech costs no encoding: a second and more of slots in a row held.
        var frame = TimeSpan.FromMilliseconds(40);
        var held = transport.Unchanged;
        int run = 1, longest = 1;
        for (int i = 1; i < held.Count; i++)
        {
            run = held[i] - held[i - 1] == frame ? run + 1 : 1;
            longest = Math.Max(longest, run);
        }

        Assert.True(longest >= 25, $"{longest} slots held in a row; pictures sent at {string.Join(",", transport.Video.Select(v => v.Pts.TotalMilliseconds / 40))}");
        Assert.True(transport.Held > 40, $"{transport.Held} held"); // the second of silence after the speech, and the start

        // What was pushed as unchanged is exactly the slots that were not sent with a picture.
        var pictured = transport.Video.Select(v => v.Pts).ToHashSet();
        Assert.All(transport.Unchanged, pts => Assert.DoesNotContain(pts, pictured));
        Assert.Equal(transport.Held, transport.Unchanged.Count);
    }

    [Fact]
    public async Task A_sink_that_does_not_hold_gets_every_frame()
    {
        await using var h = new RealtimeHarness();
        var still = h.MakeAvatar(7, stillFrames: 1);
        var transport = new FakeSessionTransport(h.Time);
        var session = h.Engine.StartSession("still", still, transport);

        h.Time.Advance(TimeSpan.FromSeconds(1));

        var stats = session.GetStats();
        Assert.Equal(stats.FramesSent, transport.Video.Count);
        Assert.Equal(stats.FramesSent - 1, transport.Unchanged.Count);
        Assert.Equal(0, stats.FramesHeld);
    }
}
