namespace StreamLip.Media.WebRtc;

/// <summary>One m-section of an SDP description, as far as the answerer needs it.</summary>
/// <param name="Index">The m-line index (0-based), as ICE candidates name it.</param>
/// <param name="Kind">The media type: <c>audio</c>, <c>video</c>, <c>application</c>...</param>
/// <param name="Port">The port; 0 means the m-line is rejected or disabled.</param>
/// <param name="Direction">The direction attribute (the session's, when the m-section has none).</param>
/// <param name="Formats">The payload formats that have an <c>a=rtpmap</c>, in the m-line's order of preference.</param>
/// <param name="BundleOnly">Whether the section has <c>a=bundle-only</c> (JSEP: port 0 yet in use, over the bundle's transport).</param>
internal sealed record SdpMedia(int Index, string Kind, int Port, SdpDirection Direction, IReadOnlyList<SdpFormat> Formats, bool BundleOnly)
{
    /// <summary>Whether the section is in use: a non-zero port, or port 0 with <c>a=bundle-only</c>.</summary>
    public bool IsActive => Port != 0 || BundleOnly;

    /// <summary>The first format with encoding <paramref name="name"/>, or null.</summary>
    public SdpFormat? Find(string name) => Formats.FirstOrDefault(f => f.Is(name));
}
