namespace StreamLip.Media.Native;

/// <summary>
/// The sonames of GStreamer's WebRTC and SDP helper libraries (gstreamer1.0-plugins-bad and -base), loaded only
/// by the WebRTC feature, with the Debian package that ships each.
/// </summary>
internal static class WebRtcLibraries
{
    public const string GstSdp = "libgstsdp-1.0.so.0";
    public const string GstWebRtc = "libgstwebrtc-1.0.so.0";

    /// <summary>Both libraries and their Debian packages, for <see cref="GStreamerRuntime.CheckLibraries"/>.</summary>
    public static readonly IReadOnlyList<(string Library, string Package)> All =
    [
        (GstSdp, "libgstreamer-plugins-base1.0-0"),
        (GstWebRtc, "libgstreamer-plugins-bad1.0-0"),
    ];
}
