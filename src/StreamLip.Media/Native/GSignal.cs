namespace StreamLip.Media.Native;

/// <summary>
/// Helpers around <c>g_signal_lookup</c> / <c>g_signal_emitv</c>: the instance GValue and the signal id, which GLib
/// looks up by the instance's GType. The variadic <c>g_signal_emit_by_name</c> is never used.
/// </summary>
internal static unsafe class GSignal
{
    /// <summary><c>G_TYPE_FROM_INSTANCE</c>: a GTypeInstance starts with its class pointer, a class with its GType.</summary>
    public static nuint TypeOf(nint instance) => **(nuint**)instance;

    /// <summary>The id of <paramref name="name"/> on <paramref name="instance"/>'s type.</summary>
    /// <exception cref="ArgumentException">The type has no such signal.</exception>
    public static uint Lookup(nint instance, string name)
    {
        uint id = GObject.g_signal_lookup(name, TypeOf(instance));
        return id != 0 ? id : throw new ArgumentException($"The GStreamer object has no signal '{name}'.", nameof(name));
    }

    /// <summary>Initialises <paramref name="value"/> to hold a new reference to <paramref name="instance"/>.</summary>
    public static void InitInstance(GValue* value, nint instance)
    {
        GObject.g_value_init(value, GObjectTypes.Object);
        GObject.g_value_set_object(value, instance);
    }

    /// <summary>Unsets each value of <paramref name="values"/> that was initialised (GType not 0).</summary>
    public static void UnsetAll(Span<GValue> values)
    {
        fixed (GValue* p = values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (p[i].GType != 0)
                {
                    GObject.g_value_unset(&p[i]);
                }
            }
        }
    }
}
