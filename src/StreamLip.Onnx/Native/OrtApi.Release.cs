namespace StreamLip.Onnx.Native;

/// <summary>The <c>Release*</c> functions, called only by the <see cref="OrtHandle"/> subclasses. All accept null.</summary>
internal sealed unsafe partial class OrtApi
{
    internal void ReleaseEnv(nint value) => _releaseEnv(value);

    internal void ReleaseSessionOptions(nint value) => _releaseSessionOptions(value);

    internal void ReleaseSession(nint value) => _releaseSession(value);

    internal void ReleaseValue(nint value) => _releaseValue(value);

    internal void ReleaseMemoryInfo(nint value) => _releaseMemoryInfo(value);

    internal void ReleaseTypeInfo(nint value) => _releaseTypeInfo(value);

    internal void ReleaseModelMetadata(nint value) => _releaseModelMetadata(value);

    internal void ReleaseTensorRTProviderOptions(nint value) => _releaseTensorRTProviderOptions(value);

    internal void ReleaseCudaProviderOptions(nint value) => _releaseCudaProviderOptions(value);
}
