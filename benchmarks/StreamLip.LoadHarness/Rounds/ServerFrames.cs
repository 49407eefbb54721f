using StreamLip.Realtime;

namespace StreamLip.LoadHarness.Rounds;

/// <summary>The server's frame counts over one window, summed over the round's sessions (differences of <see cref="SessionStats"/>).</summary>
/// <param name="Due">Frame slots whose deadline passed.</param>
/// <param name="Sent">Frames pushed to the transport (due − missed).</param>
/// <param name="Generated">Frames sent with a generated mouth.</param>
/// <param name="Silent">Frames whose window was silent (the loop frame, no inference).</param>
/// <param name="Idle">Frames with no audio under them.</param>
/// <param name="Late">Frames not ready at their deadline (the previous one was sent again).</param>
/// <param name="Missed">Deadlines the pacer overran (nothing sent).</param>
/// <param name="JobsDropped">Frames dropped before inference.</param>
/// <param name="AudioChunksDropped">Microphone chunks the server dropped.</param>
internal sealed record ServerFrames(long Due, long Sent, long Generated, long Silent, long Idle, long Late, long Missed, long JobsDropped, long AudioChunksDropped)
{
    /// <summary>Frames sent on time and fresh: due − late − missed (= sent − late).</summary>
    public long OnTime => Due - Late - Missed;

    /// <summary><see cref="OnTime"/> / <see cref="Due"/>; null when nothing was due.</summary>
    public double? OnTimeShare => Due == 0 ? null : (double)OnTime / Due;

    /// <summary>Sums the windows of the sessions in both snapshots.</summary>
    public static ServerFrames Between(IReadOnlyList<SessionStats> start, IReadOnlyList<SessionStats> end, IReadOnlySet<string> sessionIds)
    {
        var before = start.Where(s => sessionIds.Contains(s.Id)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        long due = 0, sent = 0, generated = 0, silent = 0, idle = 0, late = 0, missed = 0, jobs = 0, chunks = 0;
        foreach (SessionStats e in end.Where(s => sessionIds.Contains(s.Id)))
        {
            // A session missing at the start (it connected late) counts from zero.
            SessionStats? b = before.GetValueOrDefault(e.Id);
            due += e.FramesDue - (b?.FramesDue ?? 0);
            sent += e.FramesSent - (b?.FramesSent ?? 0);
            generated += e.FramesGenerated - (b?.FramesGenerated ?? 0);
            silent += e.FramesSilent - (b?.FramesSilent ?? 0);
            idle += e.FramesIdle - (b?.FramesIdle ?? 0);
            late += e.FramesLate - (b?.FramesLate ?? 0);
            missed += e.FramesMissed - (b?.FramesMissed ?? 0);
            jobs += e.JobsDropped - (b?.JobsDropped ?? 0);
            chunks += e.AudioChunksDropped - (b?.AudioChunksDropped ?? 0);
        }

        return new ServerFrames(due, sent, generated, silent, idle, late, missed, jobs, chunks);
    }
}
