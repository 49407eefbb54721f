namespace StreamLip.Onnx.Native;

/// <summary>Owns an <c>OrtTypeInfo</c> of one session input or output; the tensor info read from it lives as long.</summary>
internal sealed class OrtTypeInfoHandle(OrtApi api) : OrtHandle(api)
{
    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseTypeInfo(handle);
        return true;
    }
}
