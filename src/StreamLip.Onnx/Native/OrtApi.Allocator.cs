using System.Runtime.InteropServices;

namespace StreamLip.Onnx.Native;

/// <summary>ORT's default CPU allocator: frees the strings and arrays ORT hands back (names, metadata).</summary>
internal sealed unsafe partial class OrtApi
{
    private nint _defaultAllocator;

    /// <summary>The default allocator; owned by ORT, the same pointer for the life of the process, never freed.</summary>
    public nint DefaultAllocator
    {
        get
        {
            if (_defaultAllocator == nint.Zero)
            {
                nint raw;
                Check(_getAllocatorWithDefaultOptions(&raw), "GetAllocatorWithDefaultOptions");
                _defaultAllocator = raw;
            }

            return _defaultAllocator;
        }
    }

    /// <summary>Frees memory ORT allocated with <see cref="DefaultAllocator"/>.</summary>
    public void Free(void* memory)
    {
        if (memory != null)
        {
            Check(_allocatorFree(DefaultAllocator, memory), "AllocatorFree");
        }
    }

    /// <summary>Copies a UTF-8 string ORT allocated with <see cref="DefaultAllocator"/>, then frees it.</summary>
    public string TakeString(byte* text)
    {
        try
        {
            return Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
        }
        finally
        {
            Free(text);
        }
    }
}
