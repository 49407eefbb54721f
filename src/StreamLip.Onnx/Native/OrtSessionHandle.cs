namespace StreamLip.Onnx.Native;

/// <summary>Owns an <c>OrtSession</c>: the loaded model and its thread pool.</summary>
internal sealed class OrtSessionHandle(OrtApi api) : OrtHandle(api)
{
    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseSession(handle);
        return true;
    }
}
