using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>Debug-log categories (to quiet a plugin's known, harmless construction errors).</summary>
internal static unsafe partial class Gst
{
    /// <summary>Returns a <c>GSList*</c> of <c>GstDebugCategory*</c>; free the cells with g_slist_free.</summary>
    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_debug_get_all_categories();

    [LibraryImport(NativeLibraries.Gst)]
    public static partial nint gst_debug_category_get_name(nint category);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial int gst_debug_category_get_threshold(nint category);

    [LibraryImport(NativeLibraries.Gst)]
    public static partial void gst_debug_category_set_threshold(nint category, int level);
}
