namespace StreamLip.Server.Sessions;

/// <summary>A signalling request that cannot be served as sent; <see cref="StatusCode"/> is the HTTP status to answer.</summary>
public sealed class SignallingException : Exception
{
    /// <summary>An error with its HTTP status and a message for the client.</summary>
    public SignallingException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>An error (400) with a message.</summary>
    public SignallingException(string message)
        : this(StatusCodes.Status400BadRequest, message)
    {
    }

    /// <summary>An error (400) with a message and its cause.</summary>
    public SignallingException(string message, Exception inner)
        : base(message, inner)
    {
        StatusCode = StatusCodes.Status400BadRequest;
    }

    /// <summary>An error (400) without details.</summary>
    public SignallingException()
    {
        StatusCode = StatusCodes.Status400BadRequest;
    }

    /// <summary>The HTTP status to answer.</summary>
    public int StatusCode { get; }
}
