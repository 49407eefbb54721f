using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>Owns one <c>GstWebRTCSessionDescription</c> (and the SDP message inside it).</summary>
internal sealed class GstSessionDescriptionHandle : SafeHandle
{
    private GstSessionDescriptionHandle(nint owned)
        : base(0, ownsHandle: true) => SetHandle(owned);

    public override bool IsInvalid => handle == 0;

    /// <summary>Parses <paramref name="sdpText"/> into a description of <paramref name="sdpType"/> (offer or answer).</summary>
    /// <exception cref="InvalidDataException">GStreamer's SDP parser rejected the text.</exception>
    public static GstSessionDescriptionHandle FromText(int sdpType, string sdpText)
    {
        int result = GstSdp.gst_sdp_message_new_from_text(sdpText, out nint message);
        if (result != GstSdp.Ok || message == 0)
        {
            if (message != 0)
            {
                GstSdp.gst_sdp_message_free(message);
            }

            throw new InvalidDataException($"GStreamer could not parse the SDP (GstSDPResult {result}).");
        }

        // The description takes the message over.
        return new GstSessionDescriptionHandle(GstWebRtc.gst_webrtc_session_description_new(sdpType, message));
    }

    /// <summary>Copies a description someone else owns (a promise reply, a GValue).</summary>
    public static GstSessionDescriptionHandle CopyOf(nint description) =>
        new(GstWebRtc.gst_webrtc_session_description_copy(description));

    /// <summary>Writes the SDP text of a description someone else owns; null for a null description.</summary>
    public static string? TextOf(nint description)
    {
        if (description == 0)
        {
            return null;
        }

        nint sdp = GstWebRtc.GetSdp(description);
        return sdp == 0 ? null : GLib.TakeString(GstSdp.gst_sdp_message_as_text(sdp));
    }

    /// <summary>This description's SDP text.</summary>
    public string ToText()
    {
        bool added = false;
        DangerousAddRef(ref added);
        try
        {
            return TextOf(handle) ?? "";
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    protected override bool ReleaseHandle()
    {
        GstWebRtc.gst_webrtc_session_description_free(handle);
        return true;
    }
}
