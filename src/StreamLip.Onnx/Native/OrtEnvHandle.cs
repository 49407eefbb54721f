namespace StreamLip.Onnx.Native;

/// <summary>Owns an <c>OrtEnv</c>. StreamLip keeps one for the whole process (see <see cref="OrtRuntime"/>).</summary>
internal sealed class OrtEnvHandle(OrtApi api) : OrtHandle(api)
{
    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        Api.ReleaseEnv(handle);
        return true;
    }
}
