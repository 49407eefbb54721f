namespace StreamLip.Media;

/// <summary>A GStreamer element (e.g. <c>facedetect</c>, <c>x264enc</c>) is not installed.</summary>
public sealed class GStreamerElementMissingException : GStreamerUnavailableException
{
    /// <summary>Creates the exception with a default message.</summary>
    public GStreamerElementMissingException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public GStreamerElementMissingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public GStreamerElementMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="elementName"/>, naming its Debian package when known.</summary>
    public GStreamerElementMissingException(string elementName, string? debianPackage)
        : base(Describe(elementName, debianPackage), debianPackage) => ElementName = elementName;

    /// <summary>The element factory name that <c>gst_element_factory_find</c> did not find.</summary>
    public string ElementName { get; } = "";

    private static string Describe(string element, string? package) => package is null
        ? $"The GStreamer element '{element}' is not installed, and no Debian package is known for it " +
          $"(check with `gst-inspect-1.0 {element}`)."
        : $"The GStreamer element '{element}' is not installed: install the Debian package {package} " +
          "(`./streamlip setup` installs it).";
}
