using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StreamLip.Media.Tests.Faces;

/// <summary>
/// Counts GStreamer ERROR log lines of one debug category while alive, with GStreamer's own stderr printer
/// removed meanwhile. Global state: tests using it run in the serial GStreamer collection.
/// </summary>
internal sealed unsafe partial class GstErrorLogCapture : IDisposable
{
    private const string Gst = "libgstreamer-1.0.so.0";
    private const int LevelError = 1;
    private const int LevelWarning = 2;

    private static int _errors;

    private readonly string _category;
    private readonly nint _defaultLogFunction;
    private readonly bool _wasActive;

    public GstErrorLogCapture(string category)
    {
        _category = category;
        _errors = 0;
        _wasActive = gst_debug_is_active() != 0;
        _defaultLogFunction = NativeLibrary.GetExport(NativeLibrary.Load(Gst), "gst_debug_log_default");
        gst_debug_remove_log_function(_defaultLogFunction);
        gst_debug_add_log_function((nint)(delegate* unmanaged[Cdecl]<nint, int, nint, nint, int, nint, nint, nint, void>)&OnLog, 0, 0);
        gst_debug_set_threshold_for_name(category, LevelWarning);
        gst_debug_set_active(1);
    }

    /// <summary>ERROR lines seen from the category so far.</summary>
    public static int Errors => Volatile.Read(ref _errors);

    public void Dispose()
    {
        gst_debug_remove_log_function((nint)(delegate* unmanaged[Cdecl]<nint, int, nint, nint, int, nint, nint, nint, void>)&OnLog);
        gst_debug_unset_threshold_for_name(_category);
        gst_debug_set_active(_wasActive ? 1 : 0);
        gst_debug_add_log_function(_defaultLogFunction, 0, 0);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(nint category, int level, nint file, nint function, int line, nint obj, nint message, nint userData)
    {
        if (level == LevelError && Marshal.PtrToStringUTF8(gst_debug_category_get_name(category)) == "facedetect")
        {
            Interlocked.Increment(ref _errors);
        }
    }

    [LibraryImport(Gst)]
    private static partial void gst_debug_add_log_function(nint function, nint userData, nint notify);

    [LibraryImport(Gst)]
    private static partial uint gst_debug_remove_log_function(nint function);

    [LibraryImport(Gst, StringMarshalling = StringMarshalling.Utf8)]
    private static partial void gst_debug_set_threshold_for_name(string name, int level);

    [LibraryImport(Gst, StringMarshalling = StringMarshalling.Utf8)]
    private static partial void gst_debug_unset_threshold_for_name(string name);

    [LibraryImport(Gst)]
    private static partial void gst_debug_set_active(int active);

    [LibraryImport(Gst)]
    private static partial int gst_debug_is_active();

    [LibraryImport(Gst)]
    private static partial nint gst_debug_category_get_name(nint category);
}
