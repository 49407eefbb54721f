namespace StreamLip.Onnx.Native;

/// <summary>Owns an <c>OrtCUDAProviderOptionsV2</c>; ORT copies it when it is appended to session options.</summary>
internal sealed class OrtCudaProviderOptionsHandle(OrtApi api) : OrtHandle(api)
{
    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseCudaProviderOptions(handle);
        return true;
    }
}
