namespace StreamLip.Media.Outputs;

/// <summary>A recording failed (disk full, folder gone, encoder error); its partial file has been deleted.</summary>
public sealed class RecordingException : IOException
{
    /// <summary>Creates the exception.</summary>
    public RecordingException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RecordingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RecordingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
