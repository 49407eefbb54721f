using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace StreamLip.Onnx.Sessions;

/// <summary>
/// Input or output names as the <c>const char* const*</c> array <c>Run</c> takes: UTF-8, zero-terminated, on the
/// pinned object heap so that their addresses never change. Made once per model; no per-run encoding or pinning.
/// </summary>
internal sealed unsafe class PinnedNames
{
    // Referenced only to keep the pinned name bytes alive as long as the pointer array that points into them.
    private readonly byte[][] _utf8;
    private readonly nint[] _pointers;

    public PinnedNames(params string[] names)
    {
        _utf8 = new byte[names.Length][];
        _pointers = GC.AllocateArray<nint>(names.Length, pinned: true);
        for (int i = 0; i < names.Length; i++)
        {
            var bytes = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(names[i]) + 1, pinned: true);
            Encoding.UTF8.GetBytes(names[i], bytes);
            _utf8[i] = bytes;
            _pointers[i] = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(bytes));
        }
    }

    public int Count => _pointers.Length;

    /// <summary>The array of name pointers; valid as long as this object is reachable.</summary>
    public nint* Pointer => (nint*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_pointers));
}
