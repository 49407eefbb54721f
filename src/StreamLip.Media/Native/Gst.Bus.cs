using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>Buses, messages, structures and value lists.</summary>
internal static unsafe partial class Gst
{
    /// <summary>Returns a message the caller must unref (gst_mini_object_unref), or 0 on timeout.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_bus_timed_pop_filtered(GstObjectHandle bus, ulong timeoutNs, GstMessageType types);

    /// <summary>Takes ownership of <paramref name="message"/>.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial int gst_bus_post(GstObjectHandle bus, nint message);

    /// <summary>Takes ownership of <paramref name="structure"/>; <paramref name="source"/> may be 0.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_message_new_application(nint source, nint structure);

    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint gst_structure_new_empty(string name);

    /// <summary>Both outputs are owned by the caller: g_error_free and g_free.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial void gst_message_parse_error(nint message, out nint error, out nint debug);

    /// <summary>Both outputs are owned by the caller: g_error_free and g_free.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial void gst_message_parse_warning(nint message, out nint error, out nint debug);

    /// <summary>Returns the message's structure (owned by the message) or 0.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_message_get_structure(nint message);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial void gst_mini_object_unref(nint miniObject);

    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int gst_structure_has_name(nint structure, string name);

    /// <summary>Returns a <c>GValue*</c> owned by the structure, or 0 when the field is absent.</summary>
    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint gst_structure_get_value(nint structure, string field);

    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int gst_structure_get_uint(nint structure, string field, out uint value);

    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int gst_structure_get_int(nint structure, string field, out int value);

    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int gst_structure_has_field(nint structure, string field);

    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int gst_structure_get_uint64(nint structure, string field, out ulong value);

    [LibraryImport(NativeLibraries.Gst, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int gst_structure_get_fraction(nint structure, string field, out int numerator, out int denominator);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial uint gst_value_list_get_size(nint value);

    /// <summary>Returns a <c>GValue*</c> owned by the list.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_value_list_get_value(nint value, uint index);

    /// <summary>Returns a <c>GstStructure*</c> owned by the value.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_value_get_structure(nint value);
}
