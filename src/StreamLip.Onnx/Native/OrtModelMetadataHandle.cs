namespace StreamLip.Onnx.Native;

/// <summary>Owns an <c>OrtModelMetadata</c> read from a session.</summary>
internal sealed class OrtModelMetadataHandle(OrtApi api) : OrtHandle(api)
{
    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseModelMetadata(handle);
        return true;
    }
}
