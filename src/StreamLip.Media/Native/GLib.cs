using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>The few GLib calls the binding needs (memory, errors, lists, quarks).</summary>
internal static partial class GLib
{
    [LibraryImport(NativeLibraries.GLib)]
    public static partial void g_free(nint mem);

    [LibraryImport(NativeLibraries.GLib)]
    public static partial void g_error_free(nint error);

    /// <summary>Returns a static string owned by GLib; never free it.</summary>
    [LibraryImport(NativeLibraries.GLib)]
    public static partial nint g_quark_to_string(uint quark);

    /// <summary>Frees the list cells only, not what they point to.</summary>
    [LibraryImport(NativeLibraries.GLib)]
    public static partial void g_slist_free(nint list);

    /// <summary>Reads a UTF-8 C string owned by native code (null stays null).</summary>
    public static string? PtrToString(nint utf8) => utf8 == 0 ? null : Marshal.PtrToStringUTF8(utf8);

    /// <summary>Reads a UTF-8 C string that the caller owns, then g_frees it.</summary>
    public static string? TakeString(nint utf8)
    {
        if (utf8 == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(utf8);
        }
        finally
        {
            g_free(utf8);
        }
    }
}
