using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>appsink callbacks (no signal marshalling per sample) and appsrc caps.</summary>
internal static unsafe partial class GstApp
{
    /// <summary>
    /// Installs <paramref name="callbacks"/> (copied) with <paramref name="userData"/>; <paramref name="notify"/> frees
    /// the user data when the callbacks are replaced or the appsink is finalised.
    /// </summary>
    [LibraryImport(NativeLibraries.GstApp)]
    public static partial void gst_app_sink_set_callbacks(
        nint appsink, GstAppSinkCallbacks* callbacks, nint userData, delegate* unmanaged<nint, void> notify);

    /// <summary>Returns the next sample (caller owns it), blocking; 0 at end of stream or when stopped.</summary>
    [LibraryImport(NativeLibraries.GstApp)]
    public static partial nint gst_app_sink_pull_sample(nint appsink);

    /// <summary>Sets the caps of the buffers that follow (the appsrc takes its own reference).</summary>
    [LibraryImport(NativeLibraries.GstApp)]
    public static partial void gst_app_src_set_caps(GstObjectHandle appsrc, nint caps);
}
