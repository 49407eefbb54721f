using StreamLip.Core.Tests.Realtime.Speech;
using StreamLip.Realtime;
using StreamLip.Realtime.Pacing;

namespace StreamLip.Core.Tests.Realtime.Pacing;

/// <summary><see cref="RealtimeOptions.VoiceLead"/>: the voice is sent ahead of its frame by the lead, where the timeline has it, with its own timestamps.</summary>
public sealed class VoiceLeadTests
{
    private static readonly TimeSpan Lead = TimeSpan.FromMilliseconds(60);

    [Fact]
    public async Task The_voice_leaves_60_ms_ahead_of_its_frame_and_reaches_the_receiver_whole_and_in_order()
    {
        await using var h = new RealtimeHarness(new RealtimeOptions { VoiceLead = Lead });
        var s = h.Start();
        float[] speech = Signals.Concat(Signals.Silence(0.4), Signals.Tone(1.2), Signals.Silence(0.4));
        h.Speak(speech, s);
        var (_, transport) = s;

        // Contiguous by timestamp, from 0: nothing lost, nothing twice.
        var expectedPts = TimeSpan.Zero;
        foreach (var a in transport.Audio)
        {
            Assert.Equal(expectedPts, a.Pts);
            expectedPts += TimeSpan.FromTicks(a.Samples.Length * TimeSpan.TicksPerSecond / 16000);
        }

        // The receiver gets the microphone's samples, delayed by the timeline only (the same samples without the lead).
        float[] received = transport.Audio.SelectMany(a => a.Samples).ToArray();
        int tone = Array.FindIndex(received, v => Math.Abs(v) > 0.01f);
        Assert.InRange(tone, (int)(0.4 * 16000) - 320, (int)(0.4 * 16000) + 320);

        // When frame i leaves, the voice sent so far reaches the end of frame i plus the lead (the timeline is far enough ahead).
        var frame = TimeSpan.FromMilliseconds(40);
        for (int i = 0; i < transport.Video.Count; i++)
        {
            long sentAt = transport.Video[i].SentAt;
            var voiceEnd = transport.Audio.Where(a => a.SentAt <= sentAt).Select(a => a.Pts + TimeSpan.FromTicks(a.Samples.Length * TimeSpan.TicksPerSecond / 16000)).DefaultIfEmpty().Max();
            Assert.Equal(transport.Video[i].Pts + frame + Lead, voiceEnd);
        }

        Assert.Equal(Lead.TotalMilliseconds, s.Session.GetStats().AvOffsetMs);
    }

    [Fact]
    public async Task Without_audio_ahead_the_voice_goes_with_its_frame()
    {
        // No microphone speech at all: nothing on the timeline beyond the frame, so each slot leaves with its frame.
        await using var h = new RealtimeHarness(new RealtimeOptions { VoiceLead = Lead });
        var s = h.Start();
        h.Time.Advance(TimeSpan.FromSeconds(1));
        var (_, transport) = s;
        Assert.Equal(transport.Video.Select(v => v.Pts), transport.Audio.Select(a => a.Pts));
        Assert.All(transport.Audio, a => Assert.Equal(640, a.Samples.Length));
        Assert.Equal(0, s.Session.GetStats().AvOffsetMs);
    }

    [Fact]
    public async Task An_interrupt_rests_the_mouth_where_the_voice_already_sent_ends()
    {
        await using var h = new RealtimeHarness(new RealtimeOptions { VoiceLead = Lead });
        await using var rig = new SpeechRig(h);
        rig.Session.Enqueue(Signals.Tone(3), "long");
        rig.Run(TimeSpan.FromSeconds(1));
        int next = rig.FrameCount;
        var voiceEnd = rig.Output.Audio.Select(a => a.Pts + TimeSpan.FromTicks(a.Samples.Length * TimeSpan.TicksPerSecond / 16000)).Max();
        Assert.Equal(rig.Frame(next - 1).Pts + TimeSpan.FromMilliseconds(40) + Lead, voiceEnd);

        Assert.True(rig.Session.Interrupt());
        rig.Run(TimeSpan.FromSeconds(1));

        // The frames whose voice had gone (60 ms: one whole frame and half of the next) still move with it; from the
        // first frame with no voice sent, the avatar rests and the voice is a fade, then silence.
        int cutAt = next + 2;
        Assert.True(rig.Moves(next) && rig.Moves(next + 1), "the frames whose voice was sent move with it");
        Assert.All(Enumerable.Range(cutAt, rig.FrameCount - cutAt), i => Assert.True(rig.AtRest(i), $"frame {i} should rest"));
        float[] audio = rig.Output.Audio.SelectMany(a => a.Samples).ToArray();
        int cutSample = (int)(rig.Frame(cutAt).Pts.Ticks * 16000 / TimeSpan.TicksPerSecond);
        Assert.Contains(audio.Skip(cutSample - 320).Take(320), x => Math.Abs(x) > 0.4f);
        Assert.All(audio.Skip(cutSample + SessionPacer.FadeSamples), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void A_lead_beyond_200_ms_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new RealtimeOptions { VoiceLead = TimeSpan.FromMilliseconds(240) }.Validate(5));
        Assert.Contains("VoiceLead", e.Message, StringComparison.Ordinal);
    }
}
