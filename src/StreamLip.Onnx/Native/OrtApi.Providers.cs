using System.Runtime.InteropServices;

namespace StreamLip.Onnx.Native;

/// <summary>Execution providers: what the library was built with, and appending TensorRT / CUDA (V2 options).</summary>
internal sealed unsafe partial class OrtApi
{
    /// <summary>
    /// Providers compiled into the library, e.g. <c>CPUExecutionProvider</c>. A listed provider may still fail to
    /// load (its shared library or CUDA may be missing): appending it is what tells.
    /// </summary>
    public string[] GetAvailableProviders()
    {
        byte** names;
        int count;
        Check(_getAvailableProviders(&names, &count), "GetAvailableProviders");
        try
        {
            var result = new string[count];
            for (int i = 0; i < count; i++)
            {
                result[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? string.Empty;
            }

            return result;
        }
        finally
        {
            Check(_releaseAvailableProviders(names, count), "ReleaseAvailableProviders");
        }
    }

    public OrtTensorRTProviderOptionsHandle CreateTensorRTProviderOptions()
    {
        var options = new OrtTensorRTProviderOptionsHandle(this);
        nint raw;
        Check(_createTensorRTProviderOptions(&raw), "CreateTensorRTProviderOptions");
        options.Attach(raw);
        return options;
    }

    public void UpdateTensorRTProviderOptions(OrtTensorRTProviderOptionsHandle options, IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        using var o = new HandleLease(options);
        UpdateProviderOptions(o.Pointer, settings, _updateTensorRTProviderOptions, "UpdateTensorRTProviderOptions");
    }

    public void AppendTensorRT(OrtSessionOptionsHandle sessionOptions, OrtTensorRTProviderOptionsHandle options)
    {
        using var s = new HandleLease(sessionOptions);
        using var o = new HandleLease(options);
        Check(_appendTensorRTV2(s.Pointer, o.Pointer), "SessionOptionsAppendExecutionProvider_TensorRT_V2");
    }

    public OrtCudaProviderOptionsHandle CreateCudaProviderOptions()
    {
        var options = new OrtCudaProviderOptionsHandle(this);
        nint raw;
        Check(_createCudaProviderOptions(&raw), "CreateCUDAProviderOptions");
        options.Attach(raw);
        return options;
    }

    public void UpdateCudaProviderOptions(OrtCudaProviderOptionsHandle options, IReadOnlyList<KeyValuePair<string, string>> settings)
    {
        using var o = new HandleLease(options);
        UpdateProviderOptions(o.Pointer, settings, _updateCudaProviderOptions, "UpdateCUDAProviderOptions");
    }

    public void AppendCuda(OrtSessionOptionsHandle sessionOptions, OrtCudaProviderOptionsHandle options)
    {
        using var s = new HandleLease(sessionOptions);
        using var o = new HandleLease(options);
        Check(_appendCudaV2(s.Pointer, o.Pointer), "SessionOptionsAppendExecutionProvider_CUDA_V2");
    }

    // Both Update*ProviderOptions take parallel arrays of UTF-8 keys and values; ORT copies them.
    private void UpdateProviderOptions(
        nint options,
        IReadOnlyList<KeyValuePair<string, string>> settings,
        delegate* unmanaged<nint, byte**, byte**, nuint, nint> update,
        string operation)
    {
        int n = settings.Count;
        var handles = new GCHandle[2 * n];
        try
        {
            var keys = new nint[n];
            var values = new nint[n];
            for (int i = 0; i < n; i++)
            {
                handles[2 * i] = GCHandle.Alloc(Utf8.NullTerminated(settings[i].Key), GCHandleType.Pinned);
                handles[(2 * i) + 1] = GCHandle.Alloc(Utf8.NullTerminated(settings[i].Value), GCHandleType.Pinned);
                keys[i] = handles[2 * i].AddrOfPinnedObject();
                values[i] = handles[(2 * i) + 1].AddrOfPinnedObject();
            }

            fixed (nint* k = keys)
            fixed (nint* v = values)
            {
                Check(update(options, (byte**)k, (byte**)v, (nuint)n), operation);
            }
        }
        finally
        {
            foreach (var h in handles)
            {
                if (h.IsAllocated)
                {
                    h.Free();
                }
            }
        }
    }
}
