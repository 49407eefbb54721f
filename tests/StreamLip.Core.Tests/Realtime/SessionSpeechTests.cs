using StreamLip.Audio;
using StreamLip.Realtime;

namespace StreamLip.Core.Tests.Realtime;

public sealed class SessionSpeechTests
{
    [Fact]
    public async Task Speech_gives_generated_frames_in_time_with_the_delay_the_budget_allows()
    {
        await using var h = new RealtimeHarness();
        var s = h.Start();

        h.Speak(Signals.Concat(Signals.Silence(0.5), Signals.Tone(2), Signals.Silence(0.5)), s);
        // Up to the last frame whose window the 3 s complete (frame 69, due at 3072.5 ms): the windows of the frames
        // after it would need audio that never comes, and they would count as late.
        h.Time.Advance(TimeSpan.FromMilliseconds(80));

        var stats = s.Session.GetStats();
        Assert.True(stats.FramesGenerated >= 50, $"{stats.FramesGenerated} generated");
        Assert.Equal(0, stats.FramesLate);
        Assert.Equal(0, stats.FramesMissed);
        Assert.Equal(0, stats.JobsDropped);
        Assert.Equal(stats.FramesDue, stats.FramesSent);
        // Nothing takes time on the fake clock, so a frame waits exactly for its deadline: D minus what its window
        // needed after the frame's own time (≤ 212.5 ms) minus the 20 ms chunk rounding, i.e. at most the margin.
        double margin = h.Options.ProcessingMargin.TotalMilliseconds;
        Assert.InRange(stats.DelayP50Ms!.Value, margin - 40, margin);
        Assert.InRange(stats.DelayP95Ms!.Value, margin - 40, margin);
        Assert.Equal(0, stats.ProcessingP95Ms);
        Assert.All(h.Generator.Batches, b => Assert.InRange(b, 1, 5));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Each_mouth_matches_the_audio_sent_with_the_same_timestamp(int alignment)
    {
        await using var h = new RealtimeHarness(new RealtimeOptions { AlignmentOffsetFrames = alignment, MaxSessions = 2 });
        var s = h.Start();
        var (session, transport) = s;

        h.Speak(Signals.Concat(Signals.Silence(0.6), Signals.Tone(0.7), Signals.Silence(0.5), Signals.Tone(0.4), Signals.Silence(0.6)), s);

        // Rebuild, offline, the audio the receiver got (by PTS) and the mel window of every frame it got.
        Assert.Equal(transport.Video.Select(v => v.Pts), transport.Audio.Select(a => a.Pts));
        float[] received = transport.Audio.SelectMany(a => a.Samples).ToArray();
        var mel = MelSpectrogram.Compute(received);
        float[] window = new float[MelWindows.WindowLength];
        int mouth = RealtimeHarness.MouthOffset(h.AvatarA);
        int darkened = 0, raw = 0;
        for (int i = 0; i < transport.Video.Count; i++)
        {
            if (MelWindows.FirstColumn(i, alignment) + 16 > mel.Columns - 3)
            {
                break; // the window reaches past what was sent
            }

            MelWindows.CopyWindow(mel, i, window, alignment);
            byte[] frame = transport.Video[i].Bgrx;
            byte[] avatar = h.AvatarA.Frame(h.AvatarA.LoopIndex(i)).ToArray();
            if (window.Any(v => v > -3.5f))
            {
                Assert.True(frame[mouth] < avatar[mouth] - 40, $"frame {i} ({transport.Video[i].Pts.TotalMilliseconds} ms) should show speech");
                darkened++;
            }
            else if (window.All(v => v <= -3.9f))
            {
                Assert.True(avatar.AsSpan().SequenceEqual(frame), $"frame {i} should be the raw avatar frame");
                raw++;
            }
        }

        Assert.True(darkened > 20 && raw > 10, $"{darkened} speaking and {raw} silent frames checked");
        Assert.Equal(0, session.GetStats().FramesLate);
    }

    [Fact]
    public async Task The_driving_speech_leaves_with_the_frames_delayed_by_the_same_budget()
    {
        await using var h = new RealtimeHarness();
        var s = h.Start();
        float[] tone = Signals.Tone(1);

        h.Speak(Signals.Concat(Signals.Silence(0.4), tone), s);
        h.Time.Advance(TimeSpan.FromSeconds(1));

        // The tone was heard from t = 0.4 s of the session clock: it carries PTS 0.4 s and leaves at 0.4 s + D.
        var slot = s.Transport.Audio.Single(a => a.Pts == TimeSpan.FromMilliseconds(400));
        Assert.Equal(tone[..640], slot.Samples);
        Assert.Equal((slot.Pts + s.Session.LatencyBudget).Ticks, slot.SentAt);
        Assert.All(s.Transport.Audio.Where(a => a.Pts < slot.Pts), a => Assert.All(a.Samples, v => Assert.Equal(0f, v)));
        float[] sent = s.Transport.Audio.SelectMany(a => a.Samples).Skip(6400).Take(16000).ToArray();
        Assert.Equal(tone, sent);
    }
}
