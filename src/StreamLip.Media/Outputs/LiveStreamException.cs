namespace StreamLip.Media.Outputs;

/// <summary>A livestream could not be started or broke: the server refused or dropped it, or could not be reached.</summary>
public sealed class LiveStreamException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LiveStreamException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LiveStreamException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public LiveStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the stream to <paramref name="redactedUrl"/> that failed because of <paramref name="reason"/>.</summary>
    public LiveStreamException(string redactedUrl, string reason, Exception? innerException)
        : base($"Streaming to {redactedUrl} failed: {reason}", innerException)
    {
        Url = redactedUrl;
        Reason = reason;
    }

    /// <summary>The stream's URL, without secrets.</summary>
    public string Url { get; } = "";

    /// <summary>Why, in GStreamer's words (e.g. "Could not connect to 127.0.0.1: Connection refused").</summary>
    public string Reason { get; } = "";
}
