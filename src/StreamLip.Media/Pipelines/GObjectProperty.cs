using StreamLip.Media.Native;

namespace StreamLip.Media.Pipelines;

/// <summary>
/// Sets GObject properties through <c>g_object_set_property</c> and a GValue (never the variadic
/// <c>g_object_set</c>). An unknown property name throws instead of GLib's silent warning.
/// </summary>
internal static unsafe class GObjectProperty
{
    public static void Set(GstObjectHandle obj, string name, string value)
    {
        EnsureExists(obj, name);
        GValue v = default;
        GObject.g_value_init(&v, GTypes.String);
        try
        {
            GObject.g_value_set_string(&v, value);
            GObject.g_object_set_property(obj, name, &v);
        }
        finally
        {
            GObject.g_value_unset(&v);
        }
    }

    public static void Set(GstObjectHandle obj, string name, int value)
    {
        EnsureExists(obj, name);
        GValue v = default;
        GObject.g_value_init(&v, GTypes.Int);
        GObject.g_value_set_int(&v, value);
        GObject.g_object_set_property(obj, name, &v);
        GObject.g_value_unset(&v);
    }

    public static void Set(GstObjectHandle obj, string name, bool value)
    {
        EnsureExists(obj, name);
        GValue v = default;
        GObject.g_value_init(&v, GTypes.Boolean);
        GObject.g_value_set_boolean(&v, value ? 1 : 0);
        GObject.g_object_set_property(obj, name, &v);
        GObject.g_value_unset(&v);
    }

    public static void Set(GstObjectHandle obj, string name, ulong value)
    {
        EnsureExists(obj, name);
        GValue v = default;
        GObject.g_value_init(&v, GTypes.UInt64);
        GObject.g_value_set_uint64(&v, value);
        GObject.g_object_set_property(obj, name, &v);
        GObject.g_value_unset(&v);
    }

    public static void Set(GstObjectHandle obj, string name, double value)
    {
        EnsureExists(obj, name);
        GValue v = default;
        GObject.g_value_init(&v, GTypes.Double);
        GObject.g_value_set_double(&v, value);
        GObject.g_object_set_property(obj, name, &v);
        GObject.g_value_unset(&v);
    }

    public static string? GetString(GstObjectHandle obj, string name)
    {
        EnsureExists(obj, name);
        GValue v = default;
        GObject.g_value_init(&v, GTypes.String);
        try
        {
            GObject.g_object_get_property(obj, name, &v);
            return GLib.PtrToString(GObject.g_value_get_string(&v));
        }
        finally
        {
            GObject.g_value_unset(&v);
        }
    }

    public static ulong GetUInt64(GstObjectHandle obj, string name)
    {
        EnsureExists(obj, name);
        GValue v = default;
        GObject.g_value_init(&v, GTypes.UInt64);
        GObject.g_object_get_property(obj, name, &v);
        ulong result = GObject.g_value_get_uint64(&v);
        GObject.g_value_unset(&v);
        return result;
    }

    private static void EnsureExists(GstObjectHandle obj, string name)
    {
        ObjectDisposedException.ThrowIf(obj.IsClosed || obj.IsInvalid, obj);
        bool added = false;
        obj.DangerousAddRef(ref added);
        try
        {
            // G_OBJECT_GET_CLASS: the GTypeInstance's first field is its class pointer.
            nint klass = *(nint*)obj.DangerousGetHandle();
            if (GObject.g_object_class_find_property(klass, name) == 0)
            {
                throw new ArgumentException($"The GStreamer object has no property '{name}'.", nameof(name));
            }
        }
        finally
        {
            if (added)
            {
                obj.DangerousRelease();
            }
        }
    }
}
