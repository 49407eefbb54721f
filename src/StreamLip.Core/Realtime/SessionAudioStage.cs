using System.Buffers;
using System.Threading.Channels;
using StreamLip.Audio;

namespace StreamLip.Realtime;

/// <summary>
/// A session's audio loop: microphone chunks in (one bounded channel, oldest dropped), placed on the session timeline
/// (<see cref="AudioTimeline"/>), written to the <see cref="AudioRing"/> the pacer sends from, and streamed through the
/// Wav2Lip mel front end; each frame's window goes to the <see cref="IFrameWindowSink"/> as soon as it is complete.
/// Owns the chunk buffers it reads (returns them to the pool).
/// </summary>
internal sealed class SessionAudioStage : IMelColumnSink
{
    private static readonly float[] Zeros = new float[LatencyBudget.SamplesPerFrame];

    private readonly SessionClock _clock;
    private readonly ChannelReader<AudioChunk> _input;
    private readonly AudioRing _ring;
    private readonly IFrameWindowSink _sink;
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

    public SessionAudioStage(SessionClock clock, ChannelReader<AudioChunk> input, AudioRing ring, IFrameWindowSink sink, SessionCounters counters, int alignmentOffsetFrames, RealtimeMetrics? metrics = null)
    {
        _metrics = metrics;
        _clock = clock;
        _input = input;
        _ring = ring;
        _sink = sink;
        _counters = counters;
        _windows = new MelWindowAssembler(alignmentOffsetFrames);
    }

    /// <summary>First session frame of the current mel segment (long.MaxValue before any audio).</summary>
    public long SegmentFrame0 => Interlocked.Read(ref _segmentFrame0);

    /// <summary>Called after each chunk is fully processed (tests wait on it).</summary>
    public Action? ChunkProcessed { get; set; }

    /// <summary>Called on the audio loop when the audio after interrupt <c>sequence</c> starts a new segment at
    /// <c>frame</c>: frames from the cut up to it have no windows of their own and stay at rest.</summary>
    public Action<long, long>? CutEnded { get; set; }

    /// <summary>An interrupt took sequence number <paramref name="sequence"/>: audio queued before it goes on as usual
    /// (the pacer mutes what lies past the cut); the first chunk queued after it ends the segment and starts a new one.
    /// Any thread.</summary>
    public void RequestCut(long sequence) => Interlocked.Exchange(ref _cutRequested, sequence);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (AudioChunk chunk in _input.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                Process(chunk);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(chunk.Samples);
                ChunkProcessed?.Invoke();
            }
        }
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
            _sink.OnWindow(_segmentFrame0 + frame, window, silent, _arrival);
        }
    }

    private void Write(ReadOnlySpan<float> samples)
    {
        _ring.Append(samples);
        _timeline.Advance(samples.Length);
        _mel.Push(samples, this);
    }
}
