namespace StreamLip.Media.Native;

/// <summary>The sonames bound by P/Invoke, with the Debian package that ships each.</summary>
internal static class NativeLibraries
{
    public const string GLib = "libglib-2.0.so.0";
    public const string GObject = "libgobject-2.0.so.0";
    public const string Gst = "libgstreamer-1.0.so.0";
    public const string GstApp = "libgstapp-1.0.so.0";

    /// <summary>Every library the binding loads, in load order, and the Debian package that provides it.</summary>
    public static readonly IReadOnlyList<(string Library, string Package)> All =
    [
        (GLib, "libglib2.0-0"),
        (GObject, "libglib2.0-0"),
        (Gst, "libgstreamer1.0-0"),
        (GstApp, "libgstreamer-plugins-base1.0-0"),
    ];
}
