using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>libgstapp-1.0: appsrc and appsink.</summary>
internal static partial class GstApp
{
    /// <summary>Returns a sample the caller must unref, or 0 on timeout or end of stream.</summary>
    [LibraryImport(NativeLibraries.GstApp)]
    public static partial nint gst_app_sink_try_pull_sample(GstObjectHandle appsink, ulong timeoutNs);

    [LibraryImport(NativeLibraries.GstApp)]
    public static partial int gst_app_sink_is_eos(GstObjectHandle appsink);

    /// <summary>Takes ownership of <paramref name="buffer"/> whatever it returns.</summary>
    [LibraryImport(NativeLibraries.GstApp)]
    public static partial GstFlowReturn gst_app_src_push_buffer(GstObjectHandle appsrc, nint buffer);

    [LibraryImport(NativeLibraries.GstApp)]
    public static partial GstFlowReturn gst_app_src_end_of_stream(GstObjectHandle appsrc);
}
