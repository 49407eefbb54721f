namespace StreamLip.Server.Speech;

/// <summary>A speech request that cannot be served as sent; <see cref="StatusCode"/> is the HTTP status to answer.</summary>
public sealed class SpeechException : Exception
{
    /// <summary>An error with its HTTP status, a short title and a message for the client.</summary>
    public SpeechException(int statusCode, string title, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Title = title;
    }

    /// <summary>An error (400) with a message.</summary>
    public SpeechException(string message)
        : this(StatusCodes.Status400BadRequest, "Bad speech request", message)
    {
    }

    /// <summary>An error (400) with a message and its cause.</summary>
    public SpeechException(string message, Exception inner)
        : base(message, inner)
    {
        StatusCode = StatusCodes.Status400BadRequest;
        Title = "Bad speech request";
    }

    /// <summary>An error (400) without details.</summary>
    public SpeechException()
    {
        StatusCode = StatusCodes.Status400BadRequest;
        Title = "Bad speech request";
    }

    /// <summary>The HTTP status to answer.</summary>
    public int StatusCode { get; }

    /// <summary>The problem's title.</summary>
    public string Title { get; }
}
