namespace StreamLip.Media;

/// <summary>
/// GStreamer, one of its libraries, or a file it needs is not installed. The message names the Debian package
/// to install; <c>./streamlip setup</c> installs all of them.
/// </summary>
public class GStreamerUnavailableException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public GStreamerUnavailableException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public GStreamerUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public GStreamerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a missing piece that <paramref name="debianPackage"/> provides.</summary>
    public GStreamerUnavailableException(string message, string? debianPackage, Exception? innerException = null)
        : base(message, innerException) => DebianPackage = debianPackage;

    /// <summary>The Debian package that provides what is missing, when known.</summary>
    public string? DebianPackage { get; }
}
