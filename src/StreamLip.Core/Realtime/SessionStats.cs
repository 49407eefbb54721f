namespace StreamLip.Realtime;

/// <summary>A snapshot of one session's counts and delays (what <c>/api/stats</c> and the page show).</summary>
/// <param name="Id">Session id.</param>
/// <param name="Avatar">Avatar name.</param>
/// <param name="StartedAt">Wall-clock start (UTC).</param>
/// <param name="ElapsedSeconds">Time since the session clock started.</param>
/// <param name="LatencyBudgetMs">D: frame i is sent D after its own time (window floor + processing margin).</param>
/// <param name="FramesDue">Frame slots whose deadline has passed.</param>
/// <param name="FramesSent">Frames pushed to the transport (due − missed − thinned).</param>
/// <param name="FramesGenerated">Frames sent with a generated mouth.</param>
/// <param name="FramesSilent">Frames whose window was silent: the avatar's loop frame, no inference.</param>
/// <param name="FramesIdle">Frames sent while no audio covered them (idle loop).</param>
/// <param name="FramesLate">Frames not ready by their deadline: the previous frame was sent again.</param>
/// <param name="FramesMissed">Deadlines the pacer itself overran (nothing sent for them).</param>
/// <param name="AudioChunks">Microphone chunks received.</param>
/// <param name="AudioChunksDropped">Chunks dropped because the audio queue was full or the stream ran ahead of the clock.</param>
/// <param name="AudioSeconds">Seconds of microphone audio placed on the timeline.</param>
/// <param name="JobsDropped">Frames dropped before inference (queue full, or deadline already passed).</param>
/// <param name="DelayP50Ms">Median delay from the arrival of the audio that completed a frame's window to the frame's push.</param>
/// <param name="DelayP95Ms">95th percentile of that delay.</param>
/// <param name="ProcessingP50Ms">Median delay from that arrival to the frame being composed (what the margin must cover).</param>
/// <param name="ProcessingP95Ms">95th percentile of that delay.</param>
/// <param name="AvOffsetMs">Audio PTS minus video PTS of the last slot sent (both from the session clock): how far the voice is sent ahead of its frame (<see cref="RealtimeOptions.VoiceLead"/>).</param>
/// <param name="SendLagP95Ms">95th percentile of how long after its deadline a frame was pushed (the pacer's lateness).</param>
/// <param name="SendLagMaxMs">The largest such lateness in the recent window.</param>
/// <param name="Outputs">Outputs fed besides the session's own peer (viewers, pushes, recordings).</param>
/// <param name="HasMicrophone">True when the session has a peer whose microphone drives it.</param>
/// <param name="PlacementP50Ms">Median, over recent microphone chunks, of how much later on the timeline a chunk sits than it
/// was heard (the timeline keeps it within ±40 ms in the pauses): the server's share of mic → voice is D − the voice lead + this.</param>
/// <param name="AudioChunksShed">Quiet microphone chunks left out in pauses to shed a steady lead over the clock (typically the
/// first pause sheds the 60–100 ms that the microphone's start-up burst put it ahead): silence only, never speech.</param>
/// <param name="FramesThinned">Frame slots sent without a picture (voice only) while the session was degraded to shed load.</param>
/// <param name="FrameRate">Frames per second sent now: 25, or 12.5 while degraded (graceful overload, newest session first).</param>
/// <param name="DegradedAt">When the session last dropped to the reduced rate (UTC); null while at full rate.</param>
public sealed record SessionStats(
    string Id,
    string Avatar,
    DateTimeOffset StartedAt,
    double ElapsedSeconds,
    double LatencyBudgetMs,
    long FramesDue,
    long FramesSent,
    long FramesGenerated,
    long FramesSilent,
    long FramesIdle,
    long FramesLate,
    long FramesMissed,
    long AudioChunks,
    long AudioChunksDropped,
    double AudioSeconds,
    long JobsDropped,
    double? DelayP50Ms,
    double? DelayP95Ms,
    double? ProcessingP50Ms,
    double? ProcessingP95Ms,
    double AvOffsetMs,
    double? SendLagP95Ms,
    double? SendLagMaxMs,
    int Outputs,
    bool HasMicrophone,
    double? PlacementP50Ms,
    long AudioChunksShed,
    long FramesThinned,
    double FrameRate,
    DateTimeOffset? DegradedAt);
