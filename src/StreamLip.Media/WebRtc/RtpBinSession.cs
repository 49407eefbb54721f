using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;

namespace StreamLip.Media.WebRtc;

/// <summary>Settings of one RTP session inside webrtcbin's rtpbin (bundled: session 0 carries every stream).</summary>
internal static class RtpBinSession
{
    /// <summary>
    /// Sets the session's shortest interval between regular RTCP reports (rtpsession's <c>rtcp-min-interval</c>,
    /// 5 s by default). A receiver syncs voice and picture only once it has sender reports of both, and libwebrtc wants
    /// two of each: at 5 s the browser played them unsynchronised for the first 7–13 s of a session.
    /// </summary>
    /// <returns>False when rtpbin has no such session yet (it is made with the first description).</returns>
    public static unsafe bool SetMinRtcpInterval(GstObjectHandle rtpbin, uint session, TimeSpan interval)
    {
        GValue* values = stackalloc GValue[2];
        new Span<GValue>(values, 2).Clear();
        GValue result = default;
        using SafeHandleLease self = new(rtpbin);
        try
        {
            GSignal.InitInstance(&values[0], self.Pointer);
            GObject.g_value_init(&values[1], GTypes.UInt);
            GObject.g_value_set_uint(&values[1], session);
            GObject.g_value_init(&result, Gst.gst_element_get_type());
            GObject.g_signal_emitv(values, GSignal.Lookup(self.Pointer, "get-session"), 0, &result);
            nint element = GObject.g_value_get_object(&result);
            if (element == 0)
            {
                return false;
            }

            using var handle = new GstObjectHandle(Gst.gst_object_ref(element));
            GObjectProperty.Set(handle, "rtcp-min-interval", (ulong)(interval.Ticks * 100));
            return true;
        }
        finally
        {
            GSignal.UnsetAll(new Span<GValue>(values, 2));
            GSignal.UnsetAll(new Span<GValue>(&result, 1));
        }
    }
}
