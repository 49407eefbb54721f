namespace StreamLip.Onnx.Native;

/// <summary>Owns an <c>OrtTensorRTProviderOptionsV2</c>; ORT copies it when it is appended to session options.</summary>
internal sealed class OrtTensorRTProviderOptionsHandle(OrtApi api) : OrtHandle(api)
{
    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseTensorRTProviderOptions(handle);
        return true;
    }
}
