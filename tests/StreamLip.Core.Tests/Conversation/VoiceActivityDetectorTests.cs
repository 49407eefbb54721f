using StreamLip.Conversation;

namespace StreamLip.Core.Tests.Conversation;

public sealed class VoiceActivityDetectorTests
{
    private const int Rate = 16000;

    [Fact]
    public void Speech_in_noise_starts_after_the_onset_and_ends_after_the_hangover()
    {
        var options = new VoiceActivityOptions { OnsetMs = 60, HangoverMs = 240, PreRollMs = 200 };
        var vad = new VoiceActivityDetector(options);
        var sink = new RecordingSink { Vad = vad };

        Feed(vad, Noise(1.0, 0.002), false, sink, chunk: 480);      // 1 s of −54 dBFS noise
        Feed(vad, Tone(0.8, 0.1), false, sink, chunk: 333);         // 0.8 s of "speech" at −23 dBFS, odd chunk sizes
        Feed(vad, Noise(1.0, 0.002), false, sink, chunk: 480);

        var (start, onset) = Assert.Single(sink.Starts);
        Assert.Equal(Rate, start);                                   // the first speech frame, at 1 s exactly
        Assert.Equal((3 + 10) * VoiceActivityDetector.FrameSamples, onset.Length); // onset (60 ms) + pre-roll (200 ms)
        Assert.True(onset[..320].Max(Math.Abs) < 0.01f, "the pre-roll is the noise before, oldest first");
        Assert.True(onset[^320..].Max(Math.Abs) > 0.05f, "the onset ends with speech");
        var (last, forced) = Assert.Single(sink.Ends);
        Assert.False(forced);
        Assert.Equal(Rate + (int)(0.8 * Rate), last);               // where the user stopped
        Assert.Equal(last + (12 * VoiceActivityDetector.FrameSamples), sink.EndPosition); // the stated 240 ms later
        Assert.Equal((int)(0.8 * Rate / VoiceActivityDetector.FrameSamples) - 3 + 12, sink.SpeechFrames);
        Assert.False(vad.InSpeech);
    }

    [Fact]
    public void A_short_click_or_a_short_pause_does_not_toggle_speech()
    {
        var vad = new VoiceActivityDetector(new VoiceActivityOptions());
        var sink = new RecordingSink();

        Feed(vad, Noise(0.5, 0.002), false, sink);
        Feed(vad, Tone(0.04, 0.3), false, sink);                    // 40 ms click: under the 60 ms onset
        Feed(vad, Noise(0.5, 0.002), false, sink);
        Assert.Empty(sink.Starts);

        Feed(vad, Tone(0.5, 0.1), false, sink);
        Feed(vad, Noise(0.2, 0.002), false, sink);                  // 200 ms pause between words: under the hangover
        Feed(vad, Tone(0.5, 0.1), false, sink);
        Feed(vad, Noise(0.5, 0.002), false, sink);
        Assert.Single(sink.Starts);
        Assert.Single(sink.Ends);
    }

    [Fact]
    public void While_the_avatar_speaks_its_echo_does_not_count_but_a_louder_user_does()
    {
        var vad = new VoiceActivityDetector(new VoiceActivityOptions { BargeInDbfs = -26 });
        var sink = new RecordingSink();
        Feed(vad, Noise(0.5, 0.002), false, sink);

        Feed(vad, Tone(1.0, 0.02), avatarSpeaking: true, sink);     // echo at −37 dBFS: speech otherwise
        Assert.Empty(sink.Starts);
        Feed(vad, Tone(0.3, 0.2), avatarSpeaking: true, sink);      // the user at −17 dBFS: barge-in
        Assert.Single(sink.Starts);

        var quiet = new VoiceActivityDetector(new VoiceActivityOptions());
        var heard = new RecordingSink();
        Feed(quiet, Noise(0.5, 0.002), false, heard);
        Feed(quiet, Tone(1.0, 0.02), avatarSpeaking: false, heard); // the same level counts when the avatar is silent
        Assert.Single(heard.Starts);
    }

    [Fact]
    public void A_steady_noise_floor_is_learnt_and_an_endless_talker_is_cut_at_the_longest_utterance()
    {
        var vad = new VoiceActivityDetector(new VoiceActivityOptions { MaxUtteranceMs = 1000 });
        var sink = new RecordingSink();

        Feed(vad, Noise(3.0, 0.03), false, sink);                   // a loud fan at −30 dBFS: above the absolute minimum
        // The first 0.5 s are taken as quiet, so the fan is speech at first; it is learnt as noise once they have gone by.
        var (falseStart, _) = Assert.Single(sink.Starts);
        Assert.Equal(0, falseStart);
        var (falseEnd, _) = Assert.Single(sink.Ends);
        Assert.Equal(25 * VoiceActivityDetector.FrameSamples, falseEnd); // learnt after 0.5 s
        Assert.InRange(vad.NoiseFloorDbfs, -40, -28);
        sink.Starts.Clear();
        sink.Ends.Clear();

        Feed(vad, Tone(1.5, 0.3), false, sink);
        Assert.Equal(2, sink.Starts.Count);                          // cut at 1 s, then heard again
        Assert.True(sink.Ends[0].Forced);
    }

    [Fact]
    public void Bad_settings_are_named()
    {
        var errors = new List<string>();
        new VoiceActivityOptions { HangoverMs = 10, OnsetMs = 5000, BargeInDbfs = 3 }.Validate("Vad:", (ok, key, _) =>
        {
            if (!ok)
            {
                errors.Add(key);
            }
        });

        Assert.Equal(["Vad:BargeInDbfs", "Vad:OnsetMs", "Vad:HangoverMs"], errors);
        Assert.Equal(-120, VoiceActivityDetector.LevelDbfs(new float[320]));
        Assert.Equal(-20, VoiceActivityDetector.LevelDbfs(Enumerable.Repeat(0.1f, 320).ToArray()), 3);
    }

    private static void Feed(VoiceActivityDetector vad, float[] samples, bool avatarSpeaking, RecordingSink sink, int chunk = 320)
    {
        for (int i = 0; i < samples.Length; i += chunk)
        {
            vad.Process(samples.AsSpan(i, Math.Min(chunk, samples.Length - i)), avatarSpeaking, sink);
        }
    }

    // A 220 Hz tone with an RMS of amplitude/√2.
    private static float[] Tone(double seconds, double amplitude) =>
        Enumerable.Range(0, (int)(seconds * Rate)).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * 220 * i / Rate))).ToArray();

    private static float[] Noise(double seconds, double amplitude)
    {
        var random = new Random(17);
        return Enumerable.Range(0, (int)(seconds * Rate)).Select(_ => (float)(amplitude * ((random.NextDouble() * 2) - 1) * 1.732)).ToArray();
    }

    private sealed class RecordingSink : IVoiceActivitySink
    {
        public List<(long Start, float[] Onset)> Starts { get; } = [];

        public List<(long Last, bool Forced)> Ends { get; } = [];

        public int SpeechFrames { get; private set; }

        public VoiceActivityDetector? Vad { get; init; }

        public long EndPosition { get; private set; }

        public void OnSpeechStarted(ReadOnlySpan<float> onset, long startSample) => Starts.Add((startSample, onset.ToArray()));

        public void OnSpeech(ReadOnlySpan<float> frame)
        {
            Assert.Equal(VoiceActivityDetector.FrameSamples, frame.Length);
            SpeechFrames++;
        }

        public void OnSpeechEnded(long lastVoicedSample, bool forced)
        {
            Ends.Add((lastVoicedSample, forced));
            EndPosition = Vad?.Position ?? 0;
        }
    }
}
