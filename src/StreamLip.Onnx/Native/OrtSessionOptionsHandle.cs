namespace StreamLip.Onnx.Native;

/// <summary>Owns an <c>OrtSessionOptions</c>; needed only while a session is created.</summary>
internal sealed class OrtSessionOptionsHandle(OrtApi api) : OrtHandle(api)
{
    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseSessionOptions(handle);
        return true;
    }
}
