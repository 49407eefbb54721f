namespace StreamLip.Realtime;

/// <summary>
/// Places microphone chunks on the session timeline by their arrival time, so that a sample's timeline position is
/// (about) when it was heard, and frame i's mouth (window at i·640 samples) is sent with the audio of the same position.
/// </summary>
/// <remarks>
/// Decoded WebRTC audio arrives smoothly (webrtcbin's jitter buffer conceals loss), so placement is simple: a chunk is
/// appended where the timeline ends, unless it arrives well after that end (a pause in the stream: fill with silence,
/// or after a long pause start a new segment on a 200 ms boundary so no silence needs computing), or the stream runs
/// well ahead of the clock (drop). Not thread-safe: the session's audio loop owns it.
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

    /// <summary>Timeline position of the next sample (samples written so far, silence included).</summary>
    public long End { get; private set; }

    /// <summary>True once a segment has started.</summary>
    public bool HasSegment { get; private set; }

    /// <summary>Decides where a chunk of <paramref name="length"/> samples that arrived at timeline position
    /// <paramref name="arrival"/> goes (its last sample was heard at the arrival).</summary>
    public AudioPlacement Place(long arrival, int length)
    {
        long start = Math.Max(0, arrival - length);
        if (!HasSegment || start - End > ResetGap)
        {
            long segment = Math.Max(End, start / SegmentAlignment * SegmentAlignment);
            return new AudioPlacement(AudioPlacementAction.NewSegment, segment, start - segment);
        }

        if (start - End > FillTolerance)
        {
            return new AudioPlacement(AudioPlacementAction.Append, End, start - End);
        }

        return End - arrival > AheadLimit
            ? new AudioPlacement(AudioPlacementAction.Drop, End, 0)
            : new AudioPlacement(AudioPlacementAction.Append, End, 0);
    }

    /// <summary>Starts a segment at <paramref name="position"/> (≥ <see cref="End"/>, a multiple of <see cref="SegmentAlignment"/>).</summary>
    public void StartSegment(long position)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, End);
        End = position;
        HasSegment = true;
    }

    /// <summary>Records <paramref name="samples"/> samples written at <see cref="End"/>.</summary>
    public void Advance(long samples) => End += samples;
}
