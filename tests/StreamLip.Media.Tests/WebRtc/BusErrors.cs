using System.Runtime.InteropServices;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;

namespace StreamLip.Media.Tests.WebRtc;

/// <summary>Posts a GStreamer ERROR message on a pipeline's bus, as an element would (test-only bindings).</summary>
internal static partial class BusErrors
{
    private const string GLibLibrary = "libglib-2.0.so.0";
    private const string GstLibrary = "libgstreamer-1.0.so.0";

    /// <summary>Posts an ERROR (domain gst-stream-error-quark, code 1) from no element, on the calling thread.</summary>
    public static void Post(GstPipeline pipeline, string message, string debug)
    {
        nint error = g_error_new_literal(g_quark_from_string("gst-stream-error-quark"), 1, message);
        try
        {
            // The message copies the error; the bus takes the message.
            Gst.gst_bus_post(pipeline.Bus, gst_message_new_error(0, error, debug));
        }
        finally
        {
            GLib.g_error_free(error);
        }
    }

    [LibraryImport(GLibLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint g_quark_from_string(string text);

    [LibraryImport(GLibLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint g_error_new_literal(uint domain, int code, string message);

    [LibraryImport(GstLibrary, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint gst_message_new_error(nint source, nint error, string debug);
}
