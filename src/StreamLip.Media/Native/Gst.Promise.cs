using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>Promises, caps from text and the boxed types of structures and caps (for GValues).</summary>
internal static unsafe partial class Gst
{
    /// <summary>
    /// Returns a new promise (caller owns the reference: gst_mini_object_unref). <paramref name="changeFunc"/> runs on
    /// the thread that replies, interrupts or expires it; <paramref name="notify"/> frees <paramref name="userData"/>
    /// when the promise is finalised.
    /// </summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_promise_new_with_change_func(
        delegate* unmanaged<nint, nint, void> changeFunc, nint userData, delegate* unmanaged<nint, void> notify);

    /// <summary>Blocks until the promise is no longer pending; returns its result.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial GstPromiseResult gst_promise_wait(nint promise);

    /// <summary>Returns the reply structure (owned by the promise; may be 0). Only on a replied promise.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_promise_get_reply(nint promise);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial void gst_promise_interrupt(nint promise);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial nuint gst_promise_get_type();

    [LibraryImport(NativeLibraries.Gst)]
    public static partial nuint gst_structure_get_type();

    [LibraryImport(NativeLibraries.Gst)]
    public static partial nuint gst_caps_get_type();

    [LibraryImport(NativeLibraries.Gst)]
    public static partial nuint gst_element_get_type();

    /// <summary>Returns new caps (caller owns them: gst_mini_object_unref), or 0 when the text does not parse.</summary>
    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint gst_caps_from_string(string text);

    /// <summary>Returns a string the caller must g_free.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_caps_to_string(nint caps);

    /// <summary>Returns a string the caller must g_free.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_structure_to_string(nint structure);

    /// <summary>Returns the structure's name (owned by the structure).</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_structure_get_name(nint structure);
}
