using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>GObject calls; only the non-variadic ones (GValue based).</summary>
internal static unsafe partial class GObject
{
    [LibraryImport(NativeLibraries.GObject)]
    public static partial GValue* g_value_init(GValue* value, nuint gtype);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_value_unset(GValue* value);

    /// <summary>Copies <paramref name="text"/> into the value.</summary>
    [LibraryImport(NativeLibraries.GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void g_value_set_string(GValue* value, string text);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_value_set_int(GValue* value, int v);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_value_set_uint(GValue* value, uint v);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_value_set_boolean(GValue* value, int v);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_value_set_int64(GValue* value, long v);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_value_set_uint64(GValue* value, ulong v);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_value_set_double(GValue* value, double v);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial nint g_value_get_string(GValue* value);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial int g_value_get_int(GValue* value);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial ulong g_value_get_uint64(GValue* value);

    /// <summary>Converts <paramref name="value"/> to the property's type where GLib can (e.g. int → uint64).</summary>
    [LibraryImport(NativeLibraries.GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void g_object_set_property(GstObjectHandle obj, string name, GValue* value);

    /// <summary><paramref name="value"/> must be initialised to the property's type (or one it transforms to).</summary>
    [LibraryImport(NativeLibraries.GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void g_object_get_property(GstObjectHandle obj, string name, GValue* value);

    /// <summary>Returns the class's <c>GParamSpec*</c> for <paramref name="name"/>, or 0.</summary>
    [LibraryImport(NativeLibraries.GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint g_object_class_find_property(nint objectClass, string name);
}
