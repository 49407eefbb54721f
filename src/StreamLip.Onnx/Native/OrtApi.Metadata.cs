using System.Runtime.InteropServices;

namespace StreamLip.Onnx.Native;

/// <summary>OrtModelMetadata: the model's custom metadata map (ONNX <c>metadata_props</c>).</summary>
internal sealed unsafe partial class OrtApi
{
    /// <summary>Every key and value of the custom metadata map; empty when the model has none.</summary>
    public Dictionary<string, string> GetCustomMetadata(OrtSessionHandle session)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var s = new HandleLease(session);
        using var metadata = new OrtModelMetadataHandle(this);
        nint raw;
        Check(_sessionGetModelMetadata(s.Pointer, &raw), "SessionGetModelMetadata");
        metadata.Attach(raw);

        byte** keys;
        long count;
        Check(_modelMetadataGetCustomMetadataMapKeys(raw, DefaultAllocator, &keys, &count), "ModelMetadataGetCustomMetadataMapKeys");
        if (keys == null)
        {
            return result;
        }

        // Each key and the key array itself were allocated with the default allocator: free all of them.
        try
        {
            for (long i = 0; i < count; i++)
            {
                byte* value;
                Check(
                    _modelMetadataLookupCustomMetadataMap(raw, DefaultAllocator, keys[i], &value),
                    "ModelMetadataLookupCustomMetadataMap");
                string key = Marshal.PtrToStringUTF8((nint)keys[i]) ?? string.Empty;
                result[key] = value == null ? string.Empty : TakeString(value);
            }
        }
        finally
        {
            for (long i = 0; i < count; i++)
            {
                Free(keys[i]);
            }

            Free(keys);
        }

        return result;
    }
}
