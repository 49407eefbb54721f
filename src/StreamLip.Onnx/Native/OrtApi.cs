namespace StreamLip.Onnx.Native;

/// <summary>
/// The ONNX Runtime C API as function pointers read once from the <c>OrtApi</c> table
/// (<c>OrtGetApiBase()->GetApi(version)</c>). Only the functions StreamLip uses are bound; their positions are in
/// <see cref="OrtApiSlot"/>. Typed wrappers live in the partial files by concern (status, session, tensor, ...);
/// every wrapper that returns a status turns a failure into an <see cref="OnnxRuntimeException"/>.
/// The table is owned by the loaded library and lives as long as the process.
/// </summary>
internal sealed unsafe partial class OrtApi
{
    /// <summary>
    /// The API version requested from the library. 17 (ORT 1.17) is lower than what StreamLip pins (1.30 serves
    /// 1..30) and higher than the newest slot used (API 11), so any ORT from 1.17 on serves this table.
    /// </summary>
    public const uint ApiVersion = 17;

    private readonly delegate* unmanaged<int, byte*, nint> _createStatus;
    private readonly delegate* unmanaged<nint, int> _getErrorCode;
    private readonly delegate* unmanaged<nint, byte*> _getErrorMessage;
    private readonly delegate* unmanaged<int, byte*, nint*, nint> _createEnv;
    private readonly delegate* unmanaged<nint, byte*, nint, nint*, nint> _createSession;
    private readonly delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> _run;
    private readonly delegate* unmanaged<nint*, nint> _createSessionOptions;
    private readonly delegate* unmanaged<nint, nint> _disableMemPattern;
    private readonly delegate* unmanaged<nint, int, nint> _setSessionGraphOptimizationLevel;
    private readonly delegate* unmanaged<nint, int, nint> _setIntraOpNumThreads;
    private readonly delegate* unmanaged<nint, nuint*, nint> _sessionGetInputCount;
    private readonly delegate* unmanaged<nint, nuint*, nint> _sessionGetOutputCount;
    private readonly delegate* unmanaged<nint, nuint, nint*, nint> _sessionGetInputTypeInfo;
    private readonly delegate* unmanaged<nint, nuint, nint*, nint> _sessionGetOutputTypeInfo;
    private readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> _sessionGetInputName;
    private readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> _sessionGetOutputName;
    private readonly delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> _createTensorWithDataAsOrtValue;
    private readonly delegate* unmanaged<nint, void**, nint> _getTensorMutableData;
    private readonly delegate* unmanaged<nint, nint*, nint> _castTypeInfoToTensorInfo;
    private readonly delegate* unmanaged<nint, int*, nint> _getOnnxTypeFromTypeInfo;
    private readonly delegate* unmanaged<nint, int*, nint> _getTensorElementType;
    private readonly delegate* unmanaged<nint, nuint*, nint> _getDimensionsCount;
    private readonly delegate* unmanaged<nint, long*, nuint, nint> _getDimensions;
    private readonly delegate* unmanaged<nint, byte**, nuint, nint> _getSymbolicDimensions;
    private readonly delegate* unmanaged<int, int, nint*, nint> _createCpuMemoryInfo;
    private readonly delegate* unmanaged<nint, void*, nint> _allocatorFree;
    private readonly delegate* unmanaged<nint*, nint> _getAllocatorWithDefaultOptions;
    private readonly delegate* unmanaged<nint, void> _releaseEnv;
    private readonly delegate* unmanaged<nint, void> _releaseStatus;
    private readonly delegate* unmanaged<nint, void> _releaseMemoryInfo;
    private readonly delegate* unmanaged<nint, void> _releaseSession;
    private readonly delegate* unmanaged<nint, void> _releaseValue;
    private readonly delegate* unmanaged<nint, void> _releaseTypeInfo;
    private readonly delegate* unmanaged<nint, void> _releaseSessionOptions;
    private readonly delegate* unmanaged<nint, nint*, nint> _sessionGetModelMetadata;
    private readonly delegate* unmanaged<nint, nint, byte*, byte**, nint> _modelMetadataLookupCustomMetadataMap;
    private readonly delegate* unmanaged<nint, void> _releaseModelMetadata;
    private readonly delegate* unmanaged<nint, nint, byte***, long*, nint> _modelMetadataGetCustomMetadataMapKeys;
    private readonly delegate* unmanaged<byte***, int*, nint> _getAvailableProviders;
    private readonly delegate* unmanaged<byte**, int, nint> _releaseAvailableProviders;
    private readonly delegate* unmanaged<nint, nint, nint> _appendTensorRTV2;
    private readonly delegate* unmanaged<nint*, nint> _createTensorRTProviderOptions;
    private readonly delegate* unmanaged<nint, byte**, byte**, nuint, nint> _updateTensorRTProviderOptions;
    private readonly delegate* unmanaged<nint, void> _releaseTensorRTProviderOptions;
    private readonly delegate* unmanaged<nint, nint, nint> _appendCudaV2;
    private readonly delegate* unmanaged<nint*, nint> _createCudaProviderOptions;
    private readonly delegate* unmanaged<nint, byte**, byte**, nuint, nint> _updateCudaProviderOptions;
    private readonly delegate* unmanaged<nint, void> _releaseCudaProviderOptions;

    /// <summary>Reads the functions from <paramref name="table"/>, the pointer <c>GetApi</c> returned.</summary>
    public OrtApi(nint table, string version)
    {
        ArgumentOutOfRangeException.ThrowIfZero(table);
        Version = version;
        var t = (nint*)table;
        _createStatus = (delegate* unmanaged<int, byte*, nint>)t[OrtApiSlot.CreateStatus];
        _getErrorCode = (delegate* unmanaged<nint, int>)t[OrtApiSlot.GetErrorCode];
        _getErrorMessage = (delegate* unmanaged<nint, byte*>)t[OrtApiSlot.GetErrorMessage];
        _createEnv = (delegate* unmanaged<int, byte*, nint*, nint>)t[OrtApiSlot.CreateEnv];
        _createSession = (delegate* unmanaged<nint, byte*, nint, nint*, nint>)t[OrtApiSlot.CreateSession];
        _run = (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)t[OrtApiSlot.Run];
        _createSessionOptions = (delegate* unmanaged<nint*, nint>)t[OrtApiSlot.CreateSessionOptions];
        _disableMemPattern = (delegate* unmanaged<nint, nint>)t[OrtApiSlot.DisableMemPattern];
        _setSessionGraphOptimizationLevel = (delegate* unmanaged<nint, int, nint>)t[OrtApiSlot.SetSessionGraphOptimizationLevel];
        _setIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)t[OrtApiSlot.SetIntraOpNumThreads];
        _sessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)t[OrtApiSlot.SessionGetInputCount];
        _sessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)t[OrtApiSlot.SessionGetOutputCount];
        _sessionGetInputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)t[OrtApiSlot.SessionGetInputTypeInfo];
        _sessionGetOutputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)t[OrtApiSlot.SessionGetOutputTypeInfo];
        _sessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)t[OrtApiSlot.SessionGetInputName];
        _sessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)t[OrtApiSlot.SessionGetOutputName];
        _createTensorWithDataAsOrtValue =
            (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)t[OrtApiSlot.CreateTensorWithDataAsOrtValue];
        _getTensorMutableData = (delegate* unmanaged<nint, void**, nint>)t[OrtApiSlot.GetTensorMutableData];
        _castTypeInfoToTensorInfo = (delegate* unmanaged<nint, nint*, nint>)t[OrtApiSlot.CastTypeInfoToTensorInfo];
        _getOnnxTypeFromTypeInfo = (delegate* unmanaged<nint, int*, nint>)t[OrtApiSlot.GetOnnxTypeFromTypeInfo];
        _getTensorElementType = (delegate* unmanaged<nint, int*, nint>)t[OrtApiSlot.GetTensorElementType];
        _getDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)t[OrtApiSlot.GetDimensionsCount];
        _getDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)t[OrtApiSlot.GetDimensions];
        _getSymbolicDimensions = (delegate* unmanaged<nint, byte**, nuint, nint>)t[OrtApiSlot.GetSymbolicDimensions];
        _createCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)t[OrtApiSlot.CreateCpuMemoryInfo];
        _allocatorFree = (delegate* unmanaged<nint, void*, nint>)t[OrtApiSlot.AllocatorFree];
        _getAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)t[OrtApiSlot.GetAllocatorWithDefaultOptions];
        _releaseEnv = (delegate* unmanaged<nint, void>)t[OrtApiSlot.ReleaseEnv];
        _releaseStatus = (delegate* unmanaged<nint, void>)t[OrtApiSlot.ReleaseStatus];
        _releaseMemoryInfo = (delegate* unmanaged<nint, void>)t[OrtApiSlot.ReleaseMemoryInfo];
        _releaseSession = (delegate* unmanaged<nint, void>)t[OrtApiSlot.ReleaseSession];
        _releaseValue = (delegate* unmanaged<nint, void>)t[OrtApiSlot.ReleaseValue];
        _releaseTypeInfo = (delegate* unmanaged<nint, void>)t[OrtApiSlot.ReleaseTypeInfo];
        _releaseSessionOptions = (delegate* unmanaged<nint, void>)t[OrtApiSlot.ReleaseSessionOptions];
        _sessionGetModelMetadata = (delegate* unmanaged<nint, nint*, nint>)t[OrtApiSlot.SessionGetModelMetadata];
        _modelMetadataLookupCustomMetadataMap =
            (delegate* unmanaged<nint, nint, byte*, byte**, nint>)t[OrtApiSlot.ModelMetadataLookupCustomMetadataMap];
        _releaseModelMetadata = (delegate* unmanaged<nint, void>)t[OrtApiSlot.ReleaseModelMetadata];
        _modelMetadataGetCustomMetadataMapKeys =
            (delegate* unmanaged<nint, nint, byte***, long*, nint>)t[OrtApiSlot.ModelMetadataGetCustomMetadataMapKeys];
        _getAvailableProviders = (delegate* unmanaged<byte***, int*, nint>)t[OrtApiSlot.GetAvailableProviders];
        _releaseAvailableProviders = (delegate* unmanaged<byte**, int, nint>)t[OrtApiSlot.ReleaseAvailableProviders];
        _appendTensorRTV2 = (delegate* unmanaged<nint, nint, nint>)t[OrtApiSlot.SessionOptionsAppendExecutionProviderTensorRTV2];
        _createTensorRTProviderOptions = (delegate* unmanaged<nint*, nint>)t[OrtApiSlot.CreateTensorRTProviderOptions];
        _updateTensorRTProviderOptions =
            (delegate* unmanaged<nint, byte**, byte**, nuint, nint>)t[OrtApiSlot.UpdateTensorRTProviderOptions];
        _releaseTensorRTProviderOptions = (delegate* unmanaged<nint, void>)t[OrtApiSlot.ReleaseTensorRTProviderOptions];
        _appendCudaV2 = (delegate* unmanaged<nint, nint, nint>)t[OrtApiSlot.SessionOptionsAppendExecutionProviderCudaV2];
        _createCudaProviderOptions = (delegate* unmanaged<nint*, nint>)t[OrtApiSlot.CreateCudaProviderOptions];
        _updateCudaProviderOptions = (delegate* unmanaged<nint, byte**, byte**, nuint, nint>)t[OrtApiSlot.UpdateCudaProviderOptions];
        _releaseCudaProviderOptions = (delegate* unmanaged<nint, void>)t[OrtApiSlot.ReleaseCudaProviderOptions];
    }

    /// <summary>The library's own version string, e.g. <c>1.30.0</c>.</summary>
    public string Version { get; }
}
