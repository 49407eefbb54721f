namespace StreamLip.Realtime;

/// <summary>A snapshot of one session's counts and delays (what <c>/api/stats</c> and the page show).</summary>
public sealed record SessionStats
{
    /// <summary>Session id.</summary>
    public required string Id { get; init; }

    /// <summary>Avatar name.</summary>
    public required string Avatar { get; init; }

    /// <summary>Wall-clock start (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Time since the session clock started.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>D: frame i is sent D after its own time (window floor + processing margin).</summary>
    public required double LatencyBudgetMs { get; init; }

    /// <summary>Frame slots whose deadline has passed.</summary>
    public required long FramesDue { get; init; }

    /// <summary>Frames pushed to the transport (due − missed − thinned).</summary>
    public required long FramesSent { get; init; }

    /// <summary>Frames sent with a generated mouth.</summary>
    public required long FramesGenerated { get; init; }

    /// <summary>Frames whose window was silent: the avatar's loop frame, no inference.</summary>
    public required long FramesSilent { get; init; }

    /// <summary>Frames sent while no audio covered them (idle loop).</summary>
    public required long FramesIdle { get; init; }

    /// <summary>Frames not ready by their deadline: the previous frame was sent again.</summary>
    public required long FramesLate { get; init; }

    /// <summary>Deadlines the pacer itself overran (nothing sent for them).</summary>
    public required long FramesMissed { get; init; }

    /// <summary>Microphone chunks received.</summary>
    public required long AudioChunks { get; init; }

    /// <summary>Chunks dropped because the audio queue was full or the stream ran ahead of the clock.</summary>
    public required long AudioChunksDropped { get; init; }

    /// <summary>Seconds of microphone audio placed on the timeline.</summary>
    public required double AudioSeconds { get; init; }

    /// <summary>Frames dropped before inference (queue full, or deadline already passed).</summary>
    public required long JobsDropped { get; init; }

    /// <summary>Median delay from the arrival of the audio that completed a frame's window to the frame's push.</summary>
    public double? DelayP50Ms { get; init; }

    /// <summary>95th percentile of that delay.</summary>
    public double? DelayP95Ms { get; init; }

    /// <summary>Median delay from that arrival to the frame being composed (what the margin must cover).</summary>
    public double? ProcessingP50Ms { get; init; }

    /// <summary>95th percentile of that delay.</summary>
    public double? ProcessingP95Ms { get; init; }

    /// <summary>Audio PTS minus video PTS of the last slot sent (both from the session clock): how far the voice is sent ahead of its frame (<see cref="RealtimeOptions.VoiceLead"/>).</summary>
    public required double AvOffsetMs { get; init; }

    /// <summary>95th percentile of how long after its deadline a frame was pushed (the pacer's lateness).</summary>
    public double? SendLagP95Ms { get; init; }

    /// <summary>The largest such lateness in the recent window.</summary>
    public double? SendLagMaxMs { get; init; }

    /// <summary>Outputs fed besides the session's own peer (viewers, pushes, recordings).</summary>
    public required int Outputs { get; init; }

    /// <summary>True when the session has a peer whose microphone drives it.</summary>
    public required bool HasMicrophone { get; init; }

    /// <summary>Median, over recent microphone chunks, of how much later on the timeline a chunk sits than it
    /// was heard (the timeline keeps it within ±40 ms in the pauses): the server's share of mic → voice is D − the voice lead + this.</summary>
    public double? PlacementP50Ms { get; init; }

    /// <summary>Quiet microphone chunks left out in pauses to shed a steady lead over the clock (typically the
    /// first pause sheds the 60–100 ms that the microphone's start-up burst put it ahead): silence only, never speech.</summary>
    public required long AudioChunksShed { get; init; }

    /// <summary>Frame slots sent without a picture (voice only) while the session was degraded to shed load.</summary>
    public required long FramesThinned { get; init; }

    /// <summary>Frames whose picture had not changed (idle frames of a still avatar) that the session's peer held
    /// instead of encoding again; counted in <see cref="FramesSent"/> too.</summary>
    public long FramesHeld { get; init; }

    /// <summary>Frames per second sent now: 25, or 12.5 while degraded (graceful overload, newest session first).</summary>
    public required double FrameRate { get; init; }

    /// <summary>When the session last dropped to the reduced rate (UTC); null while at full rate.</summary>
    public DateTimeOffset? DegradedAt { get; init; }

    /// <summary>The video codec the session's own peer sends (<c>VP8</c>, <c>H264</c>); null without a peer, or for a
    /// transport that does not say. Viewers each have their own, chosen from their offers.</summary>
    public string? VideoCodec { get; init; }

    /// <summary>What encodes that video (<c>vp8enc</c>, <c>x264enc</c>, <c>nvh264enc</c>); null as for <see cref="VideoCodec"/>.</summary>
    public string? VideoEncoder { get; init; }
}
