namespace StreamLip.Realtime;

/// <summary>
/// A session's running counts. Each field has one writer (named beside it); readers may see values a frame behind.
/// </summary>
internal sealed class SessionCounters
{
    // Pacer.
    public long FramesSent;
    public long FramesGenerated;
    public long FramesSilent;
    public long FramesIdle;
    public long FramesLate;
    public long FramesMissed;
    public long ResultsStale;
    public long FramesThinned;
    public long FramesHeld;

    // Transport thread / drop handler.
    public long AudioChunks;
    public long AudioChunksDropped;

    // Audio loop.
    public long AudioSamples;
    public long AudioChunksAhead;
    public long AudioChunksShed;
    public long WindowsStale;

    // Drop handlers and batcher.
    public long JobsDropped;
    public long JobsStale;

    /// <summary>Audio arrival → frame pushed, per generated frame.</summary>
    public LatencyWindow Delay { get; } = new();

    /// <summary>How long after its deadline each frame was pushed (the pacer's own lateness), ms.</summary>
    public LatencyWindow SendLag { get; } = new();

    /// <summary>
    /// Per microphone chunk (audio loop): its timeline position minus the position of its arrival, ms. Positive: it sits
    /// later than it was heard, so its voice leaves more than D − lead after it arrived; negative: less.
    /// </summary>
    public LatencyWindow Placement { get; } = new();

    /// <summary>Audio arrival → frame ready (composed), per generated frame: the processing margin actually used.</summary>
    public LatencyWindow Processing { get; } = new();

    public static long Read(ref long field) => Interlocked.Read(ref field);

    public static void Increment(ref long field) => Interlocked.Increment(ref field);

    public static void Add(ref long field, long value) => Interlocked.Add(ref field, value);
}
