namespace StreamLip.Server.Transport;

/// <summary>The server cannot make media connections (HTTP 503); the message says why.</summary>
public sealed class TransportUnavailableException : Exception
{
    /// <summary>An error with a message for the client.</summary>
    public TransportUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>An error with a message and its cause.</summary>
    public TransportUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>An error without details.</summary>
    public TransportUnavailableException()
    {
    }
}
