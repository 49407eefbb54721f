namespace StreamLip.Realtime.Speech;

/// <summary>A session's speech queue holds as many utterances as it may; try again when one has finished.</summary>
public sealed class SpeechQueueFullException : Exception
{
    /// <summary>The queue holds <paramref name="limit"/> utterances.</summary>
    public SpeechQueueFullException(int limit)
        : base($"The session's speech queue is full ({limit} utterances queued or playing); wait for one to finish or interrupt.")
    {
        Limit = limit;
    }

    /// <summary>An error with a message.</summary>
    public SpeechQueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>An error with a message and its cause.</summary>
    public SpeechQueueFullException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>An error without details.</summary>
    public SpeechQueueFullException()
    {
    }

    /// <summary>The queue's limit.</summary>
    public int Limit { get; }
}
