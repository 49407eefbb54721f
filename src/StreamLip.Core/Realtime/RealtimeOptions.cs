using StreamLip.Realtime.Pacing;

namespace StreamLip.Realtime;

/// <summary>Settings of the real-time engine shared by all sessions.</summary>
public sealed class RealtimeOptions
{
    /// <summary>Most frames of one session in one generator run (Wav2Lip servers use 5). Default 5.</summary>
    public int BatchPerSession { get; set; } = 5;

    /// <summary>Most sessions at once; beyond it new sessions are refused. Default 16.</summary>
    public int MaxSessions { get; set; } = 16;

    /// <summary>Most frames in one generator run, all sessions together (at most the model's max batch). Default 64.</summary>
    public int MaxRunFrames { get; set; } = 64;

    /// <summary>
    /// What the server may add to the window floor (the audio a frame's mel window needs, ≈ 212 ms): frame i is sent at
    /// t0 + floor + margin + i/25. Too small and frames come late (sent again, counted); too large and everything waits.
    /// Default 100 ms.
    /// </summary>
    public TimeSpan ProcessingMargin { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Give each new session the margin the frames before it needed (their 99th percentile + 20 ms; before 125 frames:
    /// the warm-up's run of one session's batch + 60 ms) instead of <see cref="ProcessingMargin"/>, which is then the most it may be
    /// (<see cref="MarginEstimator"/>). The server sets it; default false (tests that compute D pin the margin).
    /// </summary>
    public bool AdaptiveMargin { get; set; }

    /// <summary>
    /// How far ahead of its frame the voice may be sent, when the session's audio is already there (the timestamps are
    /// unchanged; only the sending is early). A browser holds audio longer than video before playing it (its audio
    /// jitter buffer and device), so voice sent with its frame made it delay the picture to match, slowly and only to
    /// within its own tolerance: the viewer saw the mouth 20–40 ms before the voice. An interrupt takes effect after
    /// the voice already sent. 0–200 ms; default 0 (the server sets 60 ms: measured in Chromium, benchmarks/RESULTS.md).
    /// </summary>
    public TimeSpan VoiceLead { get; set; }

    /// <summary>Mel window offset in frames (0: Wav2Lip inference, −1: training); null: the model's metadata.</summary>
    public int? AlignmentOffsetFrames { get; set; }

    /// <summary>Microphone chunks queued per session before the oldest is dropped (counted). Default 50 (≈ 1 s of 20 ms chunks).</summary>
    public int AudioQueueChunks { get; set; } = 50;

    /// <summary>
    /// Run the generator once at the largest batch when the engine starts (zero inputs), so that the model's memory is
    /// at its working size before the first session and a model that cannot run fails at start, then once at one
    /// session's batch (timed: the first sessions' margin with <see cref="AdaptiveMargin"/>). The server sets it;
    /// default false (tests build many engines).
    /// </summary>
    public bool WarmUp { get; set; }

    /// <summary>
    /// Admission by measured headroom and graceful overload (<see cref="Capacity.CapacityOptions"/>); null (the default:
    /// tests build many engines on a shared machine) admits up to <see cref="MaxSessions"/> and never degrades. The
    /// server sets it from <c>StreamLip:Capacity</c>.
    /// </summary>
    public Capacity.CapacityOptions? Capacity { get; set; }

    /// <summary>The largest generator batch these settings ask for: min(<see cref="MaxRunFrames"/>, batch × sessions).</summary>
    public int RunFramesFor(int modelMaxBatch) =>
        Math.Min(Math.Min(MaxRunFrames, (int)Math.Min(int.MaxValue, (long)BatchPerSession * MaxSessions)), modelMaxBatch);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    /// <param name="modelMaxBatch">The largest batch the model was loaded for.</param>
    public void Validate(int modelMaxBatch)
    {
        if (BatchPerSession < 1 || BatchPerSession > modelMaxBatch)
        {
            throw new ArgumentException($"BatchPerSession must be 1..{modelMaxBatch} (the model's max batch), not {BatchPerSession}.");
        }

        if (MaxSessions < 1)
        {
            throw new ArgumentException($"MaxSessions must be at least 1, not {MaxSessions}.");
        }

        if (MaxRunFrames < BatchPerSession)
        {
            throw new ArgumentException($"MaxRunFrames ({MaxRunFrames}) must be at least BatchPerSession ({BatchPerSession}).");
        }

        if (VoiceLead < TimeSpan.Zero || VoiceLead > TimeSpan.FromMilliseconds(200))
        {
            throw new ArgumentException($"VoiceLead must be 0..200 ms, not {VoiceLead.TotalMilliseconds} ms.");
        }

        if (ProcessingMargin < TimeSpan.Zero || ProcessingMargin > TimeSpan.FromSeconds(5))
        {
            throw new ArgumentException($"ProcessingMargin must be 0..5000 ms, not {ProcessingMargin.TotalMilliseconds} ms.");
        }

        if (AlignmentOffsetFrames is < -2 or > 2)
        {
            throw new ArgumentException($"AlignmentOffsetFrames must be −2..2, not {AlignmentOffsetFrames}.");
        }

        if (AudioQueueChunks < 1)
        {
            throw new ArgumentException($"AudioQueueChunks must be at least 1, not {AudioQueueChunks}.");
        }

        Capacity?.Validate();
    }
}
