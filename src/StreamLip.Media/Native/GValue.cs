using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>
/// GLib's <c>GValue</c>: a GType and a 16-byte data union (24 bytes on x86-64, checked with offsetof).
/// Must be zeroed before <c>g_value_init</c> and released with <c>g_value_unset</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GValue
{
    public nuint GType;
    public long Data0;
    public long Data1;
}
