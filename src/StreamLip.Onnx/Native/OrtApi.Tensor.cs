namespace StreamLip.Onnx.Native;

/// <summary>OrtValue tensors over memory the caller owns, and the memory info that describes it.</summary>
internal sealed unsafe partial class OrtApi
{
    // OrtAllocatorType.OrtDeviceAllocator and OrtMemType.OrtMemTypeDefault: plain CPU memory.
    private const int DeviceAllocator = 0;
    private const int MemTypeDefault = 0;

    /// <summary>Describes ordinary CPU memory (what every tensor StreamLip makes lives in).</summary>
    public OrtMemoryInfoHandle CreateCpuMemoryInfo()
    {
        var info = new OrtMemoryInfoHandle(this);
        nint raw;
        Check(_createCpuMemoryInfo(DeviceAllocator, MemTypeDefault, &raw), "CreateCpuMemoryInfo");
        info.Attach(raw);
        return info;
    }

    /// <summary>
    /// Wraps <paramref name="byteCount"/> bytes at <paramref name="data"/> as a tensor without copying. The memory
    /// stays the caller's: it must outlive the returned value and must not move (pinned or native).
    /// </summary>
    public OrtValueHandle CreateTensor(
        OrtMemoryInfoHandle memoryInfo,
        void* data,
        nuint byteCount,
        ReadOnlySpan<long> shape,
        OnnxElementType elementType)
    {
        var value = new OrtValueHandle(this);
        using var m = new HandleLease(memoryInfo);
        nint raw;
        fixed (long* s = shape)
        {
            Check(
                _createTensorWithDataAsOrtValue(m.Pointer, data, byteCount, s, (nuint)shape.Length, (int)elementType, &raw),
                "CreateTensorWithDataAsOrtValue");
        }

        value.Attach(raw);
        return value;
    }

    /// <summary>Where a tensor's data lives (for a tensor made over caller memory: that memory).</summary>
    public nint GetTensorData(OrtValueHandle value)
    {
        using var v = new HandleLease(value);
        void* data;
        Check(_getTensorMutableData(v.Pointer, &data), "GetTensorMutableData");
        return (nint)data;
    }
}
