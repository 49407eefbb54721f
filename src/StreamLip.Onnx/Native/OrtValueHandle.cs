namespace StreamLip.Onnx.Native;

/// <summary>Owns an <c>OrtValue</c>. For tensors made over caller memory, releasing never frees that memory.</summary>
internal sealed class OrtValueHandle(OrtApi api) : OrtHandle(api)
{
    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseValue(handle);
        return true;
    }
}
