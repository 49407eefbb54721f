using StreamLip.Audio;

namespace StreamLip.Conversation;

/// <summary>
/// Energy voice activity detection on 16 kHz mono audio, in 20 ms frames: a frame is speech when its RMS stands
/// <see cref="VoiceActivityOptions.MarginDb"/> above the noise floor (the quietest frame of the last 3 s: minimum
/// statistics, so steady noise is learnt within 3 s and pauses between words keep it down; the first 0.5 s of a
/// stream are assumed quiet, −60 dBFS, so a user who speaks at once is heard) and above an absolute minimum (while the avatar
/// speaks, also above <see cref="VoiceActivityOptions.BargeInDbfs"/>); speech starts after
/// <see cref="VoiceActivityOptions.OnsetMs"/> of such frames in a row and ends after
/// <see cref="VoiceActivityOptions.HangoverMs"/> without one. The pre-roll before the onset goes with it, so recognition
/// hears the first phoneme. Not thread-safe: one feeder. Buffers are allocated once, here.
/// </summary>
public sealed class VoiceActivityDetector
{
    /// <summary>Samples per analysis frame (20 ms at 16 kHz).</summary>
    public const int FrameSamples = MelSpectrogram.SampleRate / 50;

    private const int FloorFrames = 150; // the noise floor is the quietest frame of the last 3 s
    private const int WarmUpFrames = 25; // …and at most QuietDbfs in the first 0.5 s
    private const double QuietDbfs = -60;
    private readonly VoiceActivityOptions _options;
    private readonly float[] _frame = new float[FrameSamples];
    private readonly double[] _levels = new double[FloorFrames]; // dBFS of recent frames, a ring
    private readonly float[] _history; // pre-roll + onset frames, a ring of whole frames
    private readonly int _onsetFrames;
    private readonly int _hangoverFrames;
    private readonly int _maxFrames;
    private int _filled;
    private int _historyFrames; // frames in the ring
    private int _historyHead;   // next frame slot to write
    private int _voicedRun;
    private int _silentRun;
    private int _speechFrames;
    private long _position;     // samples of whole frames analysed
    private long _lastVoicedEnd;
    private int _levelCount;

    /// <summary>Makes a detector with <paramref name="options"/> (validated by the caller).</summary>
    public VoiceActivityDetector(VoiceActivityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _onsetFrames = Math.Max(1, options.OnsetMs / 20);
        _hangoverFrames = Math.Max(1, options.HangoverMs / 20);
        _maxFrames = Math.Max(_onsetFrames + 1, options.MaxUtteranceMs / 20);
        _history = new float[(_onsetFrames + (options.PreRollMs / 20)) * FrameSamples];
    }

    /// <summary>True between <see cref="IVoiceActivitySink.OnSpeechStarted"/> and <see cref="IVoiceActivitySink.OnSpeechEnded"/>.</summary>
    public bool InSpeech { get; private set; }

    /// <summary>The noise floor, dBFS: the quietest frame of the last 3 s (−120 before any audio).</summary>
    public double NoiseFloorDbfs { get; private set; } = -120;

    /// <summary>Samples analysed so far (whole frames).</summary>
    public long Position => _position;

    /// <summary>Feeds audio of any length.</summary>
    /// <param name="samples">16 kHz mono, nominally in [−1, 1].</param>
    /// <param name="avatarSpeaking">True while the avatar's own voice may be in the microphone (raises the bar to
    /// <see cref="VoiceActivityOptions.BargeInDbfs"/>).</param>
    /// <param name="sink">Gets the events and the speech, on this thread.</param>
    public void Process(ReadOnlySpan<float> samples, bool avatarSpeaking, IVoiceActivitySink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        while (!samples.IsEmpty)
        {
            int n = Math.Min(FrameSamples - _filled, samples.Length);
            samples[..n].CopyTo(_frame.AsSpan(_filled));
            _filled += n;
            samples = samples[n..];
            if (_filled == FrameSamples)
            {
                _filled = 0;
                Analyse(avatarSpeaking, sink);
            }
        }
    }

    /// <summary>Ends speech in progress now (the caller stops listening); nothing happens when there is none.</summary>
    public void Reset(IVoiceActivitySink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (InSpeech)
        {
            InSpeech = false;
            sink.OnSpeechEnded(_lastVoicedEnd, forced: true);
        }

        _voicedRun = 0;
        _historyFrames = 0;
        _filled = 0;
    }

    /// <summary>RMS level of <paramref name="samples"/> in dBFS (−120 for silence).</summary>
    public static double LevelDbfs(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (float x in samples)
        {
            sum += x * x;
        }

        double rms = samples.IsEmpty ? 0 : Math.Sqrt(sum / samples.Length);
        return rms <= 1e-6 ? -120 : 20 * Math.Log10(rms);
    }

    private void Analyse(bool avatarSpeaking, IVoiceActivitySink sink)
    {
        double db = LevelDbfs(_frame);
        TrackFloor(db);
        bool voiced = db >= Math.Max(_options.MinimumSpeechDbfs, NoiseFloorDbfs + _options.MarginDb)
            && (!avatarSpeaking || db >= _options.BargeInDbfs);
        _position += FrameSamples;
        if (voiced)
        {
            _lastVoicedEnd = _position;
        }

        if (InSpeech)
        {
            sink.OnSpeech(_frame);
            _speechFrames++;
            _silentRun = voiced ? 0 : _silentRun + 1;
            if (_silentRun >= _hangoverFrames || _speechFrames >= _maxFrames)
            {
                InSpeech = false;
                _voicedRun = 0;
                _historyFrames = 0;
                sink.OnSpeechEnded(_lastVoicedEnd, forced: _silentRun < _hangoverFrames);
            }

            return;
        }

        Remember();
        _voicedRun = voiced ? _voicedRun + 1 : 0;
        if (_voicedRun < _onsetFrames)
        {
            return;
        }

        InSpeech = true;
        _silentRun = 0;
        _speechFrames = _onsetFrames;
        int frames = _historyFrames;
        long start = _position - (_onsetFrames * FrameSamples);
        Span<float> onset = _history.AsSpan(0, frames * FrameSamples);
        Unroll(onset);
        sink.OnSpeechStarted(onset, start);
        _historyFrames = 0;
        _historyHead = 0;
    }

    // Minimum statistics over the last FloorFrames frames (the level ring is small: a scan per frame is cheap).
    private void TrackFloor(double db)
    {
        _levels[_levelCount % FloorFrames] = db;
        _levelCount++;
        double floor = double.MaxValue;
        foreach (double level in _levels.AsSpan(0, Math.Min(_levelCount, FloorFrames)))
        {
            floor = Math.Min(floor, level);
        }

        if (_levelCount <= WarmUpFrames)
        {
            // The room is taken as quiet at first (a user may speak at once); a louder steady noise is learnt after.
            floor = Math.Min(floor, QuietDbfs);
        }

        NoiseFloorDbfs = Math.Max(floor, -90);
    }

    // Keeps the frame in the pre-roll ring (oldest overwritten).
    private void Remember()
    {
        int slots = _history.Length / FrameSamples;
        _frame.CopyTo(_history.AsSpan(_historyHead * FrameSamples));
        _historyHead = (_historyHead + 1) % slots;
        _historyFrames = Math.Min(_historyFrames + 1, slots);
    }

    // Rotates the ring in place so its oldest frame comes first (once per utterance; rotation by three reversals).
    private void Unroll(Span<float> onset)
    {
        int slots = _history.Length / FrameSamples;
        if (_historyFrames == slots && _historyHead != 0)
        {
            int split = _historyHead * FrameSamples;
            onset[..split].Reverse();
            onset[split..].Reverse();
            onset.Reverse();
        }
    }
}
