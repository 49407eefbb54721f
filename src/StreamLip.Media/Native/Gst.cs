using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>
/// libgstreamer-1.0: init, parse-launch, elements and states. Ownership follows the GStreamer annotations:
/// calls that return <see cref="GstObjectHandle"/> give a full reference; raw <c>nint</c> results are
/// documented one by one. Buses, messages and buffers are in the other parts of this class.
/// </summary>
internal static unsafe partial class Gst
{
    [LibraryImport(NativeLibraries.Gst)]
    public static partial int gst_init_check(nint argc, nint argv, out nint error);

    /// <summary>Returns a string the caller must g_free.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_version_string();

    /// <summary>Returns a floating reference (ref_sink it) and may set <paramref name="error"/> even then.</summary>
    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint gst_parse_launch(string description, out nint error);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_object_ref_sink(nint obj);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial void gst_object_unref(nint obj);

    /// <summary>Returns the object's path (e.g. /GstPipeline:pipeline0/GstFileSrc:src) for g_free.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_object_get_path_string(nint obj);

    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial GstObjectHandle gst_bin_get_by_name(GstObjectHandle bin, string name);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial GstStateChangeReturn gst_element_set_state(GstObjectHandle element, GstState state);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial GstStateChangeReturn gst_element_get_state(
        GstObjectHandle element, out GstState state, out GstState pending, ulong timeoutNs);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial GstObjectHandle gst_element_get_bus(GstObjectHandle element);

    /// <summary>Returns a full reference to the factory, or an invalid handle when no such element exists.</summary>
    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial GstObjectHandle gst_element_factory_find(string name);

    /// <summary>Loads the feature's plugin; returns a full reference to the loaded feature or 0.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_plugin_feature_load(GstObjectHandle feature);

    /// <summary><c>val · num / denom</c> without overflow, rounded down.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial ulong gst_util_uint64_scale_int(ulong val, int num, int denom);
}
