namespace StreamLip.Realtime.Transport;

/// <summary>
/// A signalling request that cannot be served as sent (a malformed offer or candidate, one the transport refuses, a full
/// session); <see cref="StatusCode"/> is the HTTP status to answer. An <see cref="ISessionTransport"/> throws it for what
/// the remote peer must fix.
/// </summary>
public sealed class SignallingException : Exception
{
    private const int BadRequest = 400;

    /// <summary>An error with its HTTP status and a message for the client.</summary>
    public SignallingException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>An error (400) with a message.</summary>
    public SignallingException(string message)
        : this(BadRequest, message)
    {
    }

    /// <summary>An error (400) with a message and its cause.</summary>
    public SignallingException(string message, Exception inner)
        : base(message, inner)
    {
        StatusCode = BadRequest;
    }

    /// <summary>An error (400) without details.</summary>
    public SignallingException()
    {
        StatusCode = BadRequest;
    }

    /// <summary>The HTTP status to answer.</summary>
    public int StatusCode { get; }
}
