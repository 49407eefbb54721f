using System.Runtime.InteropServices;

namespace StreamLip.Faces.Native;

/// <summary>The native library's <c>sl_face</c>: dlib's inclusive rectangle, its confidence and the filter that fired (32 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeFace
{
    public int Left;
    public int Top;
    public int Right;
    public int Bottom;
    public double Score;
    public int Filter;
    public int Reserved;
}
