using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>libgstsdp-1.0: SDP messages from and to text.</summary>
internal static unsafe partial class GstSdp
{
    /// <summary><c>GST_SDP_OK</c>; errors are negative.</summary>
    public const int Ok = 0;

    /// <summary>Parses <paramref name="text"/> into a new message the caller owns (gst_sdp_message_free).</summary>
    [LibraryImport(WebRtcLibraries.GstSdp, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int gst_sdp_message_new_from_text(string text, out nint message);

    /// <summary>Returns the message as text for g_free.</summary>
    [LibraryImport(WebRtcLibraries.GstSdp)]
    public static partial nint gst_sdp_message_as_text(nint message);

    [LibraryImport(WebRtcLibraries.GstSdp)]
    public static partial uint gst_sdp_message_medias_len(nint message);

    [LibraryImport(WebRtcLibraries.GstSdp)]
    public static partial int gst_sdp_message_free(nint message);
}
