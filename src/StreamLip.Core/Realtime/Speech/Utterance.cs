namespace StreamLip.Realtime.Speech;

/// <summary>
/// One piece of speech queued on a session (<see cref="RealtimeSession.Enqueue"/>, <see cref="RealtimeSession.OpenStream"/>):
/// its audio plays into the session in order, after the utterances queued before it, as if a microphone heard it then.
/// </summary>
/// <remarks>Thread-safe to read. Its samples are guarded by the session's speech feeder.</remarks>
public sealed class Utterance
{
    private int _state;
    private long _played;

    internal Utterance(long id, string? label, bool streamed)
    {
        Id = id;
        Label = label;
        IsStream = streamed;
    }

    /// <summary>The utterance's number in its session (1, 2, ...), in queue order.</summary>
    public long Id { get; }

    /// <summary>What the caller called it (text spoken, a file name), if anything.</summary>
    public string? Label { get; }

    /// <summary>True for audio streamed in over time (<see cref="RealtimeSession.OpenStream"/>).</summary>
    public bool IsStream { get; }

    /// <summary>Where it is now.</summary>
    public UtteranceState State => (UtteranceState)Volatile.Read(ref _state);

    /// <summary>How much of it has been fed into the session so far.</summary>
    public TimeSpan Played => TimeSpan.FromTicks(Interlocked.Read(ref _played) * TimeSpan.TicksPerSecond / 16000);

    /// <summary>Samples not yet played (under the feeder's lock).</summary>
    internal SampleQueue Samples { get; } = new();

    /// <summary>No more samples will come (under the feeder's lock).</summary>
    internal bool Completed { get; set; }

    /// <summary>Playback of a stream has begun (its prebuffer filled once; under the feeder's lock).</summary>
    internal bool Primed { get; set; }

    internal void SetState(UtteranceState state) => Volatile.Write(ref _state, (int)state);

    internal void AddPlayed(int samples) => Interlocked.Add(ref _played, samples);
}
