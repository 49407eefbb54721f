using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>
/// libgstwebrtc-1.0: session descriptions and the GTypes of webrtcbin's enums and objects (for GValues).
/// <c>GstWebRTCSessionDescription</c> is <c>{ GstWebRTCSDPType type; GstSDPMessage* sdp; }</c>: the SDP pointer
/// sits at offset 8 on LP64.
/// </summary>
internal static unsafe partial class GstWebRtc
{
    /// <summary>Offset of <c>sdp</c> in <c>GstWebRTCSessionDescription</c> (an enum, padded to 8).</summary>
    public const int SessionDescriptionSdp = 8;

    /// <summary><c>GST_WEBRTC_SDP_TYPE_OFFER</c>.</summary>
    public const int SdpTypeOffer = 1;

    /// <summary><c>GST_WEBRTC_SDP_TYPE_ANSWER</c>.</summary>
    public const int SdpTypeAnswer = 3;

    /// <summary>Takes ownership of <paramref name="sdp"/>; returns a description for gst_webrtc_session_description_free.</summary>
    [LibraryImport(WebRtcLibraries.GstWebRtc)]
    public static partial nint gst_webrtc_session_description_new(int type, nint sdp);

    [LibraryImport(WebRtcLibraries.GstWebRtc)]
    public static partial nint gst_webrtc_session_description_copy(nint description);

    [LibraryImport(WebRtcLibraries.GstWebRtc)]
    public static partial void gst_webrtc_session_description_free(nint description);

    [LibraryImport(WebRtcLibraries.GstWebRtc)]
    public static partial nuint gst_webrtc_session_description_get_type();

    [LibraryImport(WebRtcLibraries.GstWebRtc)]
    public static partial nuint gst_webrtc_peer_connection_state_get_type();

    [LibraryImport(WebRtcLibraries.GstWebRtc)]
    public static partial nuint gst_webrtc_ice_connection_state_get_type();

    [LibraryImport(WebRtcLibraries.GstWebRtc)]
    public static partial nuint gst_webrtc_ice_gathering_state_get_type();

    [LibraryImport(WebRtcLibraries.GstWebRtc)]
    public static partial nuint gst_webrtc_rtp_transceiver_direction_get_type();

    [LibraryImport(WebRtcLibraries.GstWebRtc)]
    public static partial nuint gst_webrtc_rtp_transceiver_get_type();

    /// <summary>The <c>GstSDPMessage*</c> of a description (owned by it).</summary>
    public static nint GetSdp(nint description) => *(nint*)(description + SessionDescriptionSdp);
}
