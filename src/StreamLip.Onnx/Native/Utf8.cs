using System.Text;

namespace StreamLip.Onnx.Native;

/// <summary>UTF-8 text for the C API (<c>const char*</c>), which wants a terminating zero byte.</summary>
internal static class Utf8
{
    /// <summary>A new array with the UTF-8 bytes of <paramref name="text"/> and a trailing zero.
    /// Load-time only: the run path keeps its names pre-encoded.</summary>
    public static byte[] NullTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
