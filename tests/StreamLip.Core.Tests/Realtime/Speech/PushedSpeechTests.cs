using System.Buffers.Binary;
using StreamLip.Realtime;
using StreamLip.Realtime.Speech;

namespace StreamLip.Core.Tests.Realtime.Speech;

public sealed class PushedSpeechTests
{
    private static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(40);

    [Fact]
    public async Task Utterances_play_in_order_with_their_ids_and_events_and_the_mouth_rests_after()
    {
        await using var h = new RealtimeHarness();
        await using var rig = new SpeechRig(h);
        rig.Run(TimeSpan.FromMilliseconds(200));

        var first = rig.Session.Enqueue(Signals.Tone(0.6), "first");
        var second = rig.Session.Enqueue(Signals.Concat(Signals.Silence(0.2), Signals.Tone(0.4)), "second");
        Assert.Equal((1, 2), (first.Id, second.Id));
        Assert.Equal(2, rig.Session.QueuedUtterances);
        rig.Run(TimeSpan.FromMilliseconds(100));
        Assert.Equal(["started 1"], rig.Events);
        Assert.Equal((UtteranceState.Playing, UtteranceState.Queued), (first.State, second.State));

        rig.Run(TimeSpan.FromSeconds(2.2));

        Assert.Equal(["started 1", "finished 1", "started 2", "finished 2"], rig.Events);
        Assert.Equal((UtteranceState.Finished, UtteranceState.Finished), (first.State, second.State));
        Assert.Equal(TimeSpan.FromSeconds(0.6), first.Played);
        Assert.False(rig.Session.IsSpeaking);

        // The audio sent is the two utterances back to back, from where the first was queued (200 ms, +20 ms: a chunk
        // is heard during the 20 ms before it is fed).
        float[] audio = rig.Output.Audio.SelectMany(a => a.Samples).ToArray();
        int start = Array.FindIndex(audio, x => x != 0) - 1; // the tone starts at sin(0)
        Assert.InRange(start, 3200, 3200 + 320);
        Assert.Equal(Signals.Concat(Signals.Tone(0.6), Signals.Silence(0.2), Signals.Tone(0.4)), audio.AsSpan(start, 19200).ToArray());
        Assert.All(audio.Skip(start + 19200), x => Assert.Equal(0f, x));

        // The mouth moves while they play and rests (the avatar's own frames) once the last window is silent.
        var moving = Enumerable.Range(0, rig.FrameCount).Where(rig.Moves).ToList();
        Assert.True(moving.Count >= 20, $"{moving.Count} frames moved");
        int last = moving[^1];
        Assert.True(rig.FrameCount - last > 15, $"the last moving frame is {last} of {rig.FrameCount}");
        Assert.All(Enumerable.Range(last + 1, rig.FrameCount - last - 1), i => Assert.True(rig.AtRest(i), $"frame {i} should rest"));
        var stats = rig.Session.GetStats();
        Assert.Equal(0, stats.FramesLate);
        Assert.Equal(0, stats.JobsDropped);
    }

    [Fact]
    public async Task Interrupt_rests_the_avatar_and_silences_the_audio_from_the_next_frame_and_clears_the_queue()
    {
        await using var h = new RealtimeHarness();
        await using var rig = new SpeechRig(h);
        var playing = rig.Session.Enqueue(Signals.Tone(3), "long");
        var queued = rig.Session.Enqueue(Signals.Tone(1), "next");
        rig.Run(TimeSpan.FromSeconds(1));
        int cutAt = rig.FrameCount; // the next frame to be sent
        Assert.True(rig.Moves(cutAt - 1), "the mouth moves before the interrupt");

        Assert.True(rig.Session.Interrupt());
        rig.Run(TimeSpan.FromSeconds(1));

        Assert.Equal(["started 1", "finished 1 interrupted", "finished 2 interrupted"], rig.Events);
        Assert.Equal((UtteranceState.Interrupted, UtteranceState.Interrupted), (playing.State, queued.State));
        Assert.Equal(0, rig.Session.QueuedUtterances);
        Assert.All(Enumerable.Range(cutAt, rig.FrameCount - cutAt), i => Assert.True(rig.AtRest(i), $"frame {i} should rest"));

        // Audio: the tone up to the cut, a 5 ms fade, then silence.
        var audio = rig.Output.Audio;
        Assert.Equal(rig.Frame(cutAt).Pts, audio[cutAt].Pts);
        Assert.Contains(audio[cutAt - 1].Samples, x => Math.Abs(x) > 0.4f);
        float[] fade = audio[cutAt].Samples;
        Assert.True(fade.Take(80).Max(Math.Abs) > 0.05f, "the fade starts from the tone");
        Assert.All(fade.Take(80).Select((x, i) => (x, i)), p => Assert.True(Math.Abs(p.x) <= 0.5f * (1 - (p.i / 80f)) + 1e-4f));
        Assert.All(fade.Skip(80), x => Assert.Equal(0f, x));
        Assert.All(audio.Skip(cutAt + 1).SelectMany(a => a.Samples), x => Assert.Equal(0f, x));
        Assert.Equal(0, rig.Session.GetStats().FramesLate);
        Assert.False(rig.Session.Interrupt()); // nothing left to stop

        // Speech after the interrupt plays and moves the mouth again.
        rig.Session.Enqueue(Signals.Tone(0.6), "after");
        int before = rig.FrameCount;
        rig.Run(TimeSpan.FromSeconds(1.5));
        Assert.Contains(Enumerable.Range(before, rig.FrameCount - before), rig.Moves);
        Assert.Equal("finished 3", rig.Events[^1]);
    }

    [Fact]
    public async Task Streamed_pcm_reaches_the_lips_within_300_ms_of_its_first_voiced_chunk()
    {
        await using var h = new RealtimeHarness();
        await using var rig = new SpeechRig(h);
        rig.Run(TimeSpan.FromMilliseconds(500));

        // 24 kHz s16le in 20 ms messages, as a TTS engine would stream it: 200 ms of silence, then 1 s of a tone.
        using var stream = rig.Session.OpenStream(24000, 1, "streamed");
        byte[] pcm = Pcm16(Signals.Concat(new float[4800], Tone24k(1)));
        const int message = 960; // bytes: 480 samples
        int at = 0;
        long firstVoiced = -1;
        rig.Run(TimeSpan.FromSeconds(2), () =>
        {
            if (at >= pcm.Length)
            {
                stream.Complete();
                return;
            }

            if (firstVoiced < 0 && at >= 4800 * 2)
            {
                firstVoiced = h.Time.GetTimestamp();
            }

            stream.WritePcm16(pcm.AsSpan(at, Math.Min(message, pcm.Length - at)));
            at += message;
        });

        int firstMoving = Enumerable.Range(0, rig.FrameCount).First(rig.Moves);
        var latency = TimeSpan.FromTicks(rig.Frame(firstMoving).SentAt - firstVoiced);
        Assert.InRange(latency.TotalMilliseconds, 0, 300);
        Assert.Equal(["started 1", "finished 1"], rig.Events);
        Assert.Equal(0, rig.Session.GetStats().FramesLate);
    }

    [Fact]
    public async Task The_microphone_is_ignored_while_pushed_speech_plays_and_heard_again_after()
    {
        await using var h = new RealtimeHarness();
        await using var rig = new SpeechRig(h, microphone: true);
        rig.Session.Enqueue(Signals.Silence(1), "quiet");
        float[] tone = Signals.Tone(0.02);

        rig.Run(TimeSpan.FromSeconds(1.5), () => rig.Microphone!.Speak(tone));
        int duringSpeech = rig.FrameCount;
        rig.Run(TimeSpan.FromSeconds(1.5), () => rig.Microphone!.Speak(tone));

        Assert.DoesNotContain(Enumerable.Range(0, 20), rig.Moves);
        Assert.Contains(Enumerable.Range(duringSpeech, rig.FrameCount - duringSpeech), rig.Moves);
    }

    [Fact]
    public async Task A_full_queue_refuses_and_a_stopped_session_interrupts_what_it_held()
    {
        await using var h = new RealtimeHarness();
        var rig = new SpeechRig(h);
        rig.Session.Enqueue(Signals.Tone(1), maxQueued: 2);
        rig.Session.Enqueue(Signals.Tone(1), maxQueued: 2);

        Assert.Throws<SpeechQueueFullException>(() => rig.Session.Enqueue(Signals.Tone(1), maxQueued: 2));
        Assert.Throws<SpeechQueueFullException>(() => rig.Session.OpenStream(maxQueued: 2));
        await rig.DisposeAsync();

        Assert.Equal(["finished 1 interrupted", "finished 2 interrupted"], rig.Events);
        Assert.Throws<ObjectDisposedException>(() => rig.Session.Enqueue(Signals.Tone(1)));
    }

    private static float[] Tone24k(double seconds)
    {
        float[] samples = new float[(int)(seconds * 24000)];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = 0.5f * MathF.Sin(2 * MathF.PI * 440 * i / 24000);
        }

        return samples;
    }

    private static byte[] Pcm16(float[] samples)
    {
        byte[] bytes = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), (short)Math.Round(samples[i] * 32767));
        }

        return bytes;
    }
}
