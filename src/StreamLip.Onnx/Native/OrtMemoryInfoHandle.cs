namespace StreamLip.Onnx.Native;

/// <summary>Owns an <c>OrtMemoryInfo</c> describing where tensor memory lives (CPU here).</summary>
internal sealed class OrtMemoryInfoHandle(OrtApi api) : OrtHandle(api)
{
    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseMemoryInfo(handle);
        return true;
    }
}
