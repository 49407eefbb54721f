using System.Buffers;
using System.Threading.Channels;
using StreamLip.Audio;
using StreamLip.Stages;
using StreamLip.Realtime.Batching;
using StreamLip.Realtime.Pacing;

namespace StreamLip.Realtime.Audio;

/// <summary>
/// A session's audio stage: microphone chunks in (its own bounded channel, oldest dropped), placed on the session
/// timeline (<see cref="AudioTimeline"/>), written to the <see cref="AudioRing"/> the pacer sends from, and streamed
/// through the Wav2Lip mel front end. Each frame's window is written forward as soon as it is complete: a speech window
/// to the session's <see cref="BatchLane"/> (the batcher), a silent one straight to the pacer's input (nothing to make).
/// Owns the chunk buffers it queues (returns them to the pool).
/// </summary>
internal sealed class SessionAudioStage : IMelColumnSink
{
    private static readonly float[] Zeros = new float[LatencyBudget.SamplesPerFrame];

    private readonly SessionContext _context;
    private readonly SessionClock _clock;
    private readonly Channel<AudioChunk> _input;
    private readonly AudioRing _ring;
    private readonly BatchLane _speech;
    private readonly ChannelWriter<FrameResult> _silence;
    private readonly SessionCounters _counters;
    private readonly RealtimeMetrics? _metrics;
    private readonly AudioTimeline _timeline = new();
    private readonly StreamingMel _mel = new();
    private readonly MelWindowAssembler _windows;
    private long _segmentFrame0 = long.MaxValue;
    private long _arrival;
    private long _cutRequested; // sequence number of the latest interrupt (0: none)
    private long _cutApplied;   // the interrupt whose cut this loop has made
    private long _cutToReport;  // an interrupt whose end frame the pacer must learn at the next segment start
    private long _sequence;     // audio chunks and interrupts, in the order they happen
    private long _pending;      // chunks queued, not yet processed
    private bool _mirrorsMicrophone = true;

    /// <param name="context">The session's clock, counts and deadline.</param>
    /// <param name="capacity">Chunks the input holds before it drops the oldest.</param>
    /// <param name="ring">The timeline's audio, for the pacer.</param>
    /// <param name="speech">Where speech windows go (the batcher).</param>
    /// <param name="silence">Where silent windows go (the pacer's input).</param>
    /// <param name="alignmentOffsetFrames">The model's mel window offset.</param>
    public SessionAudioStage(SessionContext context, int capacity, AudioRing ring, BatchLane speech, ChannelWriter<FrameResult> silence, int alignmentOffsetFrames)
    {
        _context = context;
        _clock = context.Clock;
        _counters = context.Counters;
        _metrics = context.Metrics;
        _ring = ring;
        _speech = speech;
        _silence = silence;
        _input = StageChannel.Create<AudioChunk>(capacity, FullChannelPolicy.DropOldest, OnDropped);
        _windows = new MelWindowAssembler(alignmentOffsetFrames);
    }

    /// <summary>Chunks queued but not yet processed (tests wait for 0).</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>First session frame of the current mel segment (long.MaxValue before any audio).</summary>
    public long SegmentFrame0 => Interlocked.Read(ref _segmentFrame0);

    /// <summary>Called on the audio loop when the audio after interrupt <c>sequence</c> starts a new segment at
    /// <c>frame</c>: frames from the cut up to it have no windows of their own and stay at rest.</summary>
    public Action<long, long>? CutEnded { get; set; }

    /// <summary>A sequence number for an interrupt: every chunk queued before it has a lower one. Any thread.</summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>The interrupt numbered <paramref name="sequence"/>: audio queued before it goes on as usual (the pacer
    /// mutes what lies past the cut); the first chunk queued after it ends the segment and starts a new one. Any thread.</summary>
    public void RequestCut(long sequence) => Interlocked.Exchange(ref _cutRequested, sequence);

    /// <summary>
    /// True (the default): the microphone drives the mouth whenever no pushed speech plays. False: it is only counted as
    /// the session's activity (a conversation listens to it, and the avatar answers instead of mouthing it).
    /// </summary>
    public bool MirrorsMicrophone
    {
        get => Volatile.Read(ref _mirrorsMicrophone);
        set => Volatile.Write(ref _mirrorsMicrophone, value);
    }

    /// <summary>True while pushed speech is queued or playing: the microphone is not heard meanwhile (none: never).</summary>
    public Func<bool>? SpeechPlaying { get; set; }

    /// <summary>Transport thread: the peer's microphone, heard unless the session does not mirror it
    /// (<see cref="MirrorsMicrophone"/>) or pushed speech plays (<see cref="SpeechPlaying"/>).</summary>
    public void HearMicrophone(ReadOnlySpan<float> samples)
    {
        if (!MirrorsMicrophone)
        {
            SessionCounters.Increment(ref _counters.AudioChunks); // heard (by a conversation), so the session is in use
        }
        else if (SpeechPlaying?.Invoke() != true)
        {
            Hear(samples, endOfSpeech: false);
        }
    }

    /// <summary>Any thread (the transport's, the speech feeder's timer): copies a chunk heard now into a pooled buffer
    /// and queues it with its arrival time and sequence number; nothing once the session stops.</summary>
    /// <param name="samples">16 kHz mono samples.</param>
    /// <param name="endOfSpeech">Pushed speech ends with this chunk and nothing follows it.</param>
    public void Hear(ReadOnlySpan<float> samples, bool endOfSpeech)
    {
        if (samples.IsEmpty || _context.IsClosed)
        {
            return;
        }

        long arrival = _clock.Time.GetTimestamp();
        float[] buffer = ArrayPool<float>.Shared.Rent(samples.Length);
        samples.CopyTo(buffer);
        SessionCounters.Increment(ref _counters.AudioChunks);
        _context.Entered();
        Interlocked.Increment(ref _pending);
        if (!_input.Writer.TryWrite(new AudioChunk(buffer, samples.Length, arrival, Interlocked.Increment(ref _sequence), endOfSpeech)))
        {
            ArrayPool<float>.Shared.Return(buffer);
            Interlocked.Decrement(ref _pending);
            _context.Left();
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (AudioChunk chunk in _input.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                Process(chunk);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(chunk.Samples);
                Interlocked.Decrement(ref _pending);
                _context.Left();
            }
        }
    }

    /// <summary>No more chunks are queued (the session stops).</summary>
    public void Complete() => _input.Writer.TryComplete();

    /// <summary>Returns what is still queued to the pool (after the loop ended).</summary>
    public void Drain()
    {
        while (_input.Reader.TryRead(out AudioChunk chunk))
        {
            ArrayPool<float>.Shared.Return(chunk.Samples);
        }

        Interlocked.Exchange(ref _pending, 0);
    }

    /// <summary>Places and streams one chunk (the loop's body; tests call it directly).</summary>
    internal void Process(in AudioChunk chunk)
    {
        long cut = Interlocked.Read(ref _cutRequested);
        if (cut > _cutApplied && chunk.Sequence > cut)
        {
            // First audio heard after the interrupt: nothing of the old speech's mel may reach its windows.
            _cutApplied = cut;
            _cutToReport = cut;
            _timeline.EndSegment();
        }

        long arrival = _clock.SamplePosition(chunk.Arrival);
        AudioPlacement placement = _timeline.Place(arrival, chunk.Count, IsQuiet(chunk.Samples.AsSpan(0, chunk.Count)));
        _arrival = chunk.Arrival;
        switch (placement.Action)
        {
            case AudioPlacementAction.Drop:
                SessionCounters.Increment(ref _counters.AudioChunksAhead);
                _metrics?.AudioChunksDropped.Add(1);
                return;
            case AudioPlacementAction.Shed:
                SessionCounters.Increment(ref _counters.AudioChunksShed);
                _metrics?.AudioChunksShed.Add(1);
                return;
            case AudioPlacementAction.NewSegment:
                _ring.SilenceUntil(placement.Position);
                _timeline.StartSegment(placement.Position);
                _mel.Reset();
                _windows.Reset();
                Interlocked.Exchange(ref _segmentFrame0, placement.Position / LatencyBudget.SamplesPerFrame);
                if (_cutToReport != 0)
                {
                    CutEnded?.Invoke(_cutToReport, placement.Position / LatencyBudget.SamplesPerFrame);
                    _cutToReport = 0;
                }

                break;
        }

        for (long left = placement.Silence; left > 0; left -= Zeros.Length)
        {
            Write(Zeros.AsSpan(0, (int)Math.Min(left, Zeros.Length)));
        }

        Write(chunk.Samples.AsSpan(0, chunk.Count));
        double placedMs = (_timeline.End - arrival) * 1000.0 / MelSpectrogram.SampleRate;
        _counters.Placement.Record(placedMs);
        _metrics?.AudioPlacement.Record(placedMs);
        SessionCounters.Add(ref _counters.AudioSamples, chunk.Count);
        if (chunk.EndOfSpeech)
        {
            EndSpeech();
        }
    }

    /// <summary>
    /// Pushed speech ended and nothing follows it: completes the windows of every frame the timeline reaches as if
    /// silence followed (through the mel only; the timeline and the ring stay where the audio ends), so those frames
    /// close their mouths instead of waiting for audio that never comes; the next chunk starts a new segment.
    /// </summary>
    private void EndSpeech()
    {
        long endFrame = (_timeline.End + LatencyBudget.SamplesPerFrame - 1) / LatencyBudget.SamplesPerFrame;
        for (int i = 0; i < 16 && _segmentFrame0 + _windows.NextFrame < endFrame; i++)
        {
            _mel.Push(Zeros, this);
        }

        _timeline.EndSegment();
    }

    /// <summary>Below −40 dBFS throughout: a pause, where the timeline may be nudged unnoticed.</summary>
    internal static bool IsQuiet(ReadOnlySpan<float> samples)
    {
        const float Threshold = 0.01f;
        foreach (float x in samples)
        {
            if (x > Threshold || x < -Threshold)
            {
                return false;
            }
        }

        return true;
    }

    void IMelColumnSink.OnColumn(int index, ReadOnlySpan<float> column)
    {
        _windows.Add(index, column);
        while (_windows.TryTake(out int frame, out ReadOnlySpan<float> window, out bool silent))
        {
            OnWindow(_segmentFrame0 + frame, window, silent);
        }
    }

    // A window is complete. Silent → tell the pacer; speech → a job for the batcher.
    private void OnWindow(long frame, ReadOnlySpan<float> window, bool silent)
    {
        if (_context.IsPast(frame))
        {
            // Its deadline went by while the audio was on its way: no point making it.
            SessionCounters.Increment(ref _counters.WindowsStale);
        }
        else if (_context.IsThinned(frame))
        {
            // Degraded: the pacer sends no picture for this frame, so nothing is made for it.
        }
        else if (silent)
        {
            _silence.TryWrite(new FrameResult(frame, null, _arrival, _clock.Time.GetTimestamp()));
        }
        else
        {
            _speech.Write(frame, window, _arrival);
        }
    }

    private void OnDropped(AudioChunk chunk)
    {
        ArrayPool<float>.Shared.Return(chunk.Samples);
        SessionCounters.Increment(ref _counters.AudioChunksDropped);
        _metrics?.AudioChunksDropped.Add(1);
        Interlocked.Decrement(ref _pending);
        _context.Left();
    }

    private void Write(ReadOnlySpan<float> samples)
    {
        _ring.Append(samples);
        _timeline.Advance(samples.Length);
        _mel.Push(samples, this);
    }
}
