using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>
/// <c>GstMapInfo</c> (104 bytes on LP64: memory, flags, data, size, maxsize, 4 user pointers, 4 reserved), filled
/// by gst_buffer_map; <see cref="Data"/> is valid until gst_buffer_unmap.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GstMapInfo
{
    public nint Memory;
    public int Flags;
    public byte* Data;
    public nuint Size;
    public nuint MaxSize;
    public fixed long UserData[4];
    public fixed long Reserved[4];
}
