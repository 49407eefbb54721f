namespace StreamLip.Realtime;

/// <summary>A new session was refused because the server already runs as many as it is configured for.</summary>
public sealed class SessionLimitException : Exception
{
    /// <summary>A refusal at <paramref name="maxSessions"/> sessions.</summary>
    public SessionLimitException(int maxSessions)
        : base($"The server is full: it runs at most {maxSessions} sessions at once (StreamLip:MaxSessions). Try again later.")
    {
        MaxSessions = maxSessions;
    }

    /// <summary>A refusal with a custom message.</summary>
    public SessionLimitException(string message)
        : base(message)
    {
    }

    /// <summary>A refusal with a custom message and cause.</summary>
    public SessionLimitException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>A refusal without details.</summary>
    public SessionLimitException()
    {
    }

    /// <summary>The limit that was reached.</summary>
    public int MaxSessions { get; }
}
