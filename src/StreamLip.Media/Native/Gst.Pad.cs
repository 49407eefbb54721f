using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>Pads, dynamic elements, a bus sync handler and buffer mapping.</summary>
internal static unsafe partial class Gst
{
    /// <summary>Returns a full reference to the pad (request pads already made included), or an invalid handle.</summary>
    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial GstObjectHandle gst_element_get_static_pad(GstObjectHandle element, string name);

    /// <summary>Returns a full reference to the pad's peer, or an invalid handle when unlinked.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial GstObjectHandle gst_pad_get_peer(GstObjectHandle pad);

    /// <summary>Returns <c>GST_PAD_LINK_OK</c> (0) or a negative <c>GstPadLinkReturn</c>.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial int gst_pad_link(nint source, nint sink);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial int gst_pad_is_linked(nint pad);

    /// <summary>Returns the pad's current caps (caller owns them: gst_mini_object_unref) or 0.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_pad_get_current_caps(nint pad);

    /// <summary>Returns the caps the pad can take (caller owns them); <paramref name="filter"/> may be 0.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_pad_query_caps(nint pad, nint filter);

    /// <summary>Returns the object's name for g_free.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_object_get_name(nint obj);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_object_ref(nint obj);

    /// <summary>Returns a full reference to the object's parent (e.g. an element's pipeline), or an invalid handle.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial GstObjectHandle gst_object_get_parent(GstObjectHandle obj);

    /// <summary>Returns a floating reference to a new element, or 0 when the factory is missing.</summary>
    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint gst_element_factory_make(string factoryName, string? name);

    /// <summary>Takes the floating reference of <paramref name="element"/>; returns 0 on failure.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial int gst_bin_add(GstObjectHandle bin, nint element);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial int gst_element_sync_state_with_parent(nint element);

    /// <summary>
    /// Installs <paramref name="handler"/> (returns a <c>GstBusSyncReply</c>: 0 drop, 1 pass), run on the thread that
    /// posts each message; <paramref name="notify"/> frees <paramref name="userData"/> once the handler is replaced
    /// and no call is running. A null handler removes the current one.
    /// </summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial void gst_bus_set_sync_handler(
        GstObjectHandle bus, delegate* unmanaged<nint, nint, nint, int> handler, nint userData, delegate* unmanaged<nint, void> notify);

    /// <summary>Maps the buffer's memory; <paramref name="flags"/> 1 = read, 2 = write. Returns 0 on failure.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial int gst_buffer_map(nint buffer, GstMapInfo* info, int flags);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial void gst_buffer_unmap(nint buffer, GstMapInfo* info);

    /// <summary><c>GST_MAP_READ</c>.</summary>
    public const int MapRead = 1;

    /// <summary><c>GST_MAP_WRITE</c>.</summary>
    public const int MapWrite = 2;
}
