namespace StreamLip.Realtime.Audio;

/// <summary>
/// Places microphone chunks on the session timeline by their arrival time, so that a sample's timeline position is
/// (about) when it was heard, and frame i's mouth (window at i·640 samples) is sent with the audio of the same position.
/// </summary>
/// <remarks>
/// Decoded WebRTC audio arrives smoothly (webrtcbin's jitter buffer conceals loss), so placement is simple: a chunk is
/// appended where the timeline ends, unless it arrives well after that end (a pause in the stream: fill with silence,
/// or after a long pause start a new segment on a 200 ms boundary so no silence needs computing), or the stream runs
/// well ahead of the clock (drop). Not thread-safe: the session's audio loop owns it.
/// <para>Drift: a stream that settles behind its arrival times (its first packet came early, say, and the receiver's
/// jitter buffer then held the rest back: seen, ~100 ms with webrtcbin) would add that much to every frame's delay; one
/// that settles ahead would eat into the margin. Over each second the smallest and largest offsets are noted; a steady
/// offset over 40 ms is made up in the next pause (a quiet chunk): silence inserted, or quiet chunks dropped, where
/// nobody sees or hears it.</para>
/// </remarks>
internal sealed class AudioTimeline
{
    /// <summary>
    /// A gap longer than this (samples, 300 ms) is filled with silence rather than absorbed as jitter. Generous on
    /// purpose: a receiver thread that stalls delivers late and then in a burst, and the burst catches up by itself;
    /// filling too eagerly would push the burst ahead of the clock, where it is dropped.
    /// </summary>
    public const long FillTolerance = 4800;

    /// <summary>A gap longer than this (samples, 500 ms) ends the mel segment; the next starts afresh.</summary>
    public const long ResetGap = 8000;

    /// <summary>A stream ahead of the clock by more than this (samples, 250 ms) loses chunks until it is back.</summary>
    public const long AheadLimit = 4000;

    /// <summary>
    /// Segments start on multiples of this (samples: 5 frames = 16 mel columns = 200 ms), where the frame grid and the
    /// column grid meet, so a segment's windows are exactly those of the whole timeline (int(80·i/25) columns in).
    /// </summary>
    public const long SegmentAlignment = 5 * LatencyBudget.SamplesPerFrame;

    /// <summary>A steady offset beyond this (samples, 40 ms) is corrected in the next pause.</summary>
    public const long SteadyOffsetTolerance = 640;

    /// <summary>Placements per drift observation (≈ 1 s of 20 ms chunks).</summary>
    private const int ObservationChunks = 50;

    private long _minBehind = long.MaxValue;
    private long _maxBehind = long.MinValue;
    private int _observed;
    private long _behind; // steady lag still to make up, samples
    private long _ahead;  // steady lead still to shed, samples

    /// <summary>Timeline position of the next sample (samples written so far, silence included).</summary>
    public long End { get; private set; }

    /// <summary>True once a segment has started.</summary>
    public bool HasSegment { get; private set; }

    /// <summary>Decides where a chunk of <paramref name="length"/> samples that arrived at timeline position
    /// <paramref name="arrival"/> goes (its last sample was heard at the arrival).</summary>
    /// <param name="arrival">Timeline position of the arrival time.</param>
    /// <param name="length">Samples in the chunk.</param>
    /// <param name="quiet">True when the chunk is (near) silence: drift may be corrected there.</param>
    public AudioPlacement Place(long arrival, int length, bool quiet = false)
    {
        long start = Math.Max(0, arrival - length);
        if (!HasSegment || start - End > ResetGap)
        {
            ResetDrift();
            long segment = Math.Max(AlignUp(End), start / SegmentAlignment * SegmentAlignment);
            return new AudioPlacement(AudioPlacementAction.NewSegment, segment, start - segment);
        }

        long behind = start - End;
        if (behind > FillTolerance)
        {
            ResetDrift();
            return new AudioPlacement(AudioPlacementAction.Append, End, behind);
        }

        if (End - arrival > AheadLimit)
        {
            return new AudioPlacement(AudioPlacementAction.Drop, End, 0);
        }

        Observe(behind);
        if (quiet && _behind > 0)
        {
            long silence = Math.Min(_behind, behind);
            ResetDrift();
            return new AudioPlacement(AudioPlacementAction.Append, End, Math.Max(0, silence));
        }

        if (quiet && _ahead >= length)
        {
            _ahead -= length;
            return new AudioPlacement(AudioPlacementAction.Shed, End, 0);
        }

        return new AudioPlacement(AudioPlacementAction.Append, End, 0);
    }

    /// <summary>Starts a segment at <paramref name="position"/> (≥ <see cref="End"/>, a multiple of <see cref="SegmentAlignment"/>).</summary>
    public void StartSegment(long position)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, End);
        End = position;
        HasSegment = true;
    }

    /// <summary>Ends the segment (pushed speech ended, or was interrupted): the next chunk starts a new one, at the
    /// first <see cref="SegmentAlignment"/> boundary at or after <see cref="End"/> or after its own start.</summary>
    public void EndSegment()
    {
        HasSegment = false;
        ResetDrift();
    }

    /// <summary>Records <paramref name="samples"/> samples written at <see cref="End"/>.</summary>
    public void Advance(long samples) => End += samples;

    private static long AlignUp(long position) => (position + SegmentAlignment - 1) / SegmentAlignment * SegmentAlignment;

    // Notes how far behind its arrival the timeline is (negative: ahead); once per observation period, decides the
    // steady offset to correct: the smallest lag if it always lagged, the smallest lead if it always led.
    private void Observe(long behind)
    {
        _minBehind = Math.Min(_minBehind, behind);
        _maxBehind = Math.Max(_maxBehind, behind);
        if (++_observed < ObservationChunks)
        {
            return;
        }

        _behind = _minBehind > SteadyOffsetTolerance ? _minBehind : 0;
        _ahead = _maxBehind < -SteadyOffsetTolerance ? -_maxBehind : 0;
        _minBehind = long.MaxValue;
        _maxBehind = long.MinValue;
        _observed = 0;
    }

    private void ResetDrift()
    {
        _minBehind = long.MaxValue;
        _maxBehind = long.MinValue;
        _observed = 0;
        _behind = 0;
        _ahead = 0;
    }
}
