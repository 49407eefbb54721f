namespace StreamLip.Media;

/// <summary>
/// A GStreamer pipeline failed: its launch description did not parse, a state change failed, or an element
/// posted an ERROR message. Carries GStreamer's GError (domain, code, message) and debug string.
/// </summary>
public sealed class GStreamerPipelineException : Exception
{
    // GError domains and codes that callers classify on (gstreamer/gst/gsterror.h, 1.22).
    private const string StreamDomain = "gst-stream-error-quark";
    private const string ResourceDomain = "gst-resource-error-quark";
    private const string CoreDomain = "gst-core-error-quark";
    private const string ParseDomain = "gst_parse_error";
    private const int ParseDelayedLink = 7;
    private const int StreamFailed = 1;
    private const int StreamTypeNotFound = 4;
    private const int StreamCodecNotFound = 6;
    private const int ResourceNotFound = 3;
    private const int CoreMissingPlugin = 12;

    /// <summary>Creates the exception with a default message.</summary>
    public GStreamerPipelineException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public GStreamerPipelineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public GStreamerPipelineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from a GError and where it came from.</summary>
    public GStreamerPipelineException(string message, string errorDomain, int errorCode, string? errorMessage, string? debugInfo, string? sourceElement)
        : base(message)
    {
        ErrorDomain = errorDomain;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        DebugInfo = debugInfo;
        SourceElement = sourceElement;
    }

    /// <summary>The GError domain, e.g. <c>gst-stream-error-quark</c>; empty when no GError was involved.</summary>
    public string ErrorDomain { get; } = "";

    /// <summary>The GError code within <see cref="ErrorDomain"/>.</summary>
    public int ErrorCode { get; }

    /// <summary>GStreamer's own message (the GError text).</summary>
    public string? ErrorMessage { get; }

    /// <summary>GStreamer's debug string (source file, function, and the reason), when given.</summary>
    public string? DebugInfo { get; }

    /// <summary>The path of the element that posted the error, e.g. <c>/GstPipeline:pipeline0/GstFileSrc:src</c>.</summary>
    public string? SourceElement { get; }

    /// <summary>A stream stopped because a pad was not linked: the stream the pipeline expects is not in the input.</summary>
    internal bool IsNotLinked => ErrorDomain == StreamDomain && ErrorCode == StreamFailed
        && DebugInfo is not null && DebugInfo.Contains("not-linked", StringComparison.Ordinal);

    /// <summary>
    /// gst_parse_launch's delayed link (e.g. <c>decodebin ! audioconvert</c>) found no matching pad by the time
    /// decodebin had exposed all its streams: the stream kind the branch expects is not in the input.
    /// </summary>
    internal bool IsDelayedLinkFailure => ErrorDomain == ParseDomain && ErrorCode == ParseDelayedLink;

    /// <summary>The input lacks the stream a branch of the pipeline expects (see the two properties it combines).</summary>
    internal bool IsMissingStream => IsNotLinked || IsDelayedLinkFailure;

    /// <summary>Typefinding failed: the input is no format GStreamer knows.</summary>
    internal bool IsTypeNotFound => ErrorDomain == StreamDomain && ErrorCode == StreamTypeNotFound;

    /// <summary>No decoder or other plugin for the stream is installed.</summary>
    internal bool IsMissingPlugin => (ErrorDomain == StreamDomain && ErrorCode == StreamCodecNotFound)
        || (ErrorDomain == CoreDomain && ErrorCode == CoreMissingPlugin);

    /// <summary>A source did not find its file.</summary>
    internal bool IsResourceNotFound => ErrorDomain == ResourceDomain && ErrorCode == ResourceNotFound;
}
