using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>GLib's <c>GError</c> (16 bytes on x86-64: quark, code, message pointer; checked with offsetof).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GError
{
    public uint Domain;
    public int Code;
    public nint Message;

    /// <summary>Reads a <c>GError*</c> the caller owns into managed strings, then frees it.</summary>
    public static unsafe (string Domain, int Code, string Message) Take(nint error)
    {
        try
        {
            var e = (GError*)error;
            string domain = GLib.PtrToString(GLib.g_quark_to_string(e->Domain)) ?? "unknown";
            return (domain, e->Code, GLib.PtrToString(e->Message) ?? "(no message)");
        }
        finally
        {
            GLib.g_error_free(error);
        }
    }
}
