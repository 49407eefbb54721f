using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>Signals (lookup, <c>g_signal_emitv</c>, connect with a C function pointer) and object/boxed/enum GValues.</summary>
internal static unsafe partial class GObject
{
    /// <summary>Returns the signal id, or 0 when <paramref name="itype"/> has no signal named <paramref name="name"/>.</summary>
    [LibraryImport(NativeLibraries.GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint g_signal_lookup(string name, nuint itype);

    /// <summary>
    /// Emits a signal: <paramref name="instanceAndParams"/>[0] holds the instance, the rest the parameters in order;
    /// <paramref name="returnValue"/> is initialised to the signal's return type, or null for a void signal.
    /// </summary>
    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_signal_emitv(GValue* instanceAndParams, uint signalId, uint detail, GValue* returnValue);

    /// <summary>
    /// Connects <paramref name="handler"/> (a C function whose signature matches the signal's) with
    /// <paramref name="data"/>; <paramref name="destroyData"/> (<c>GClosureNotify</c>) runs once the handler is gone,
    /// after any emission still running it has returned. Returns the handler id (0 on failure).
    /// </summary>
    [LibraryImport(NativeLibraries.GObject, StringMarshalling = StringMarshalling.Utf8)]
    public static partial ulong g_signal_connect_data(
        nint instance, string detailedSignal, void* handler, nint data, delegate* unmanaged<nint, nint, void> destroyData, int connectFlags);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_signal_handler_disconnect(nint instance, ulong handlerId);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial int g_signal_handler_is_connected(nint instance, ulong handlerId);

    /// <summary>Stores a new reference to <paramref name="obj"/> (released by g_value_unset).</summary>
    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_value_set_object(GValue* value, nint obj);

    /// <summary>Returns the object held by the value, not a new reference.</summary>
    [LibraryImport(NativeLibraries.GObject)]
    public static partial nint g_value_get_object(GValue* value);

    /// <summary>Stores a copy of <paramref name="boxed"/> (for mini objects such as caps and promises: a new reference).</summary>
    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_value_set_boxed(GValue* value, nint boxed);

    /// <summary>Returns the boxed pointer held by the value (owned by the value).</summary>
    [LibraryImport(NativeLibraries.GObject)]
    public static partial nint g_value_get_boxed(GValue* value);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial void g_value_set_enum(GValue* value, int v);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial int g_value_get_enum(GValue* value);

    [LibraryImport(NativeLibraries.GObject)]
    public static partial uint g_value_get_uint(GValue* value);
}
