namespace StreamLip.Server.Conversation;

/// <summary>The moments of one turn (timestamps of the conversation's <see cref="TimeProvider"/>); the first of each kind counts.</summary>
internal sealed class TurnClock(TimeProvider time, long speechEnded, double hangoverMs)
{
    private long _recognized;
    private long _firstToken;
    private long _firstSentence;
    private long _firstQueued;

    public void Recognized() => _recognized = time.GetTimestamp();

    public void Token() => First(ref _firstToken);

    public void Sentence() => First(ref _firstSentence);

    public void Queued() => First(ref _firstQueued);

    /// <summary>The turn's timings, or null when nothing of it was queued.</summary>
    public TurnTimings? Timings(long turn, TimeSpan latency)
    {
        if (_firstQueued == 0 || _firstToken == 0 || _firstSentence == 0 || _recognized == 0)
        {
            return null;
        }

        double recognition = Ms(speechEnded, _recognized);
        double firstToken = Ms(_recognized, _firstToken);
        double firstSentence = Ms(_firstToken, _firstSentence);
        double synthesis = Ms(_firstSentence, _firstQueued);
        double queued = hangoverMs + recognition + firstToken + firstSentence + synthesis;
        return new TurnTimings(turn, Round(hangoverMs), Round(recognition), Round(firstToken), Round(firstSentence), Round(synthesis), Round(queued), Round(latency.TotalMilliseconds), Round(queued + latency.TotalMilliseconds));
    }

    private static double Round(double ms) => Math.Round(ms, 1);

    private void First(ref long slot)
    {
        if (slot == 0)
        {
            slot = time.GetTimestamp();
        }
    }

    private double Ms(long from, long to) => time.GetElapsedTime(from, to).TotalMilliseconds;
}
