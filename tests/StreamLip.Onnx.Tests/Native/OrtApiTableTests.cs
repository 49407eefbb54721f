using StreamLip.Onnx.Native;

namespace StreamLip.Onnx.Tests.Native;

/// <summary>
/// Calls the table functions the model tests do not reach, each in a way whose result proves the slot holds the
/// function named (a wrong slot would return something else or crash the test host). The session, type-info, tensor,
/// metadata and run slots are exercised by OnnxSessionTests and Wav2LipModelTests.
/// </summary>
public sealed class OrtApiTableTests
{
    private readonly OrtRuntime _runtime = OrtRuntime.Load(null);

    private OrtApi Api => _runtime.Api;

    [Fact]
    public void The_library_is_the_pinned_version()
    {
        Assert.Equal(OrtRuntime.PinnedVersion, Api.Version);
        Assert.EndsWith(OrtLibraryLocator.LibraryFileName, _runtime.LibraryPath, StringComparison.Ordinal);
    }

    [Fact]
    public void A_status_keeps_its_code_and_message()
    {
        nint status = Api.CreateStatus(OrtErrorCode.NoSuchFile, "probe: ünïcode survives");
        try
        {
            Assert.Equal(OrtErrorCode.NoSuchFile, Api.GetErrorCode(status));
            Assert.Equal("probe: ünïcode survives", Api.GetErrorMessage(status));
        }
        finally
        {
            Api.ReleaseStatus(status);
        }
    }

    [Fact]
    public void Check_turns_a_failed_status_into_an_exception()
    {
        nint status = Api.CreateStatus(OrtErrorCode.InvalidGraph, "bad graph");

        var e = Assert.Throws<OnnxRuntimeException>(() => Api.Check(status, "Probe"));

        Assert.Equal(OrtErrorCode.InvalidGraph, e.ErrorCode);
        Assert.Equal("Probe", e.Operation);
        Assert.Equal("bad graph", e.RuntimeMessage);
        Assert.Equal("ONNX Runtime Probe failed (InvalidGraph): bad graph", e.Message);
        Api.Check(nint.Zero, "Probe");
    }

    [Fact]
    public void The_cpu_provider_is_available()
    {
        Assert.Contains("CPUExecutionProvider", Api.GetAvailableProviders());
    }

    [Fact]
    public void The_environment_is_made_once()
    {
        Assert.False(_runtime.Env.IsInvalid);
        Assert.Same(_runtime.Env, _runtime.Env);
    }

    [Fact]
    public void TensorRT_provider_options_are_created_updated_and_appended_through_the_V2_calls()
    {
        _ = _runtime.Env; // ORT logs through the environment's logger when a provider fails to load
        using var sessionOptions = Api.CreateSessionOptions();
        using var options = Api.CreateTensorRTProviderOptions();
        Assert.False(options.IsInvalid);

        // Where the provider libraries are missing (the npm build) both calls fail with ORT's load error;
        // with a GPU build they succeed. Either way the message shows which function answered.
        ExpectSuccessOr(() => Api.UpdateTensorRTProviderOptions(options, [new("device_id", "0")]), "UpdateTensorRTProviderOptions", "libonnxruntime_providers");
        ExpectSuccessOr(() => Api.AppendTensorRT(sessionOptions, options), "SessionOptionsAppendExecutionProvider_TensorRT_V2", "TensorRT");
    }

    [Fact]
    public void Cuda_provider_options_are_created_updated_and_appended_through_the_V2_calls()
    {
        _ = _runtime.Env;
        using var sessionOptions = Api.CreateSessionOptions();
        using var options = Api.CreateCudaProviderOptions();
        Assert.False(options.IsInvalid);

        ExpectSuccessOr(() => Api.UpdateCudaProviderOptions(options, [new("device_id", "0")]), "UpdateCUDAProviderOptions", "libonnxruntime_providers");
        ExpectSuccessOr(() => Api.AppendCuda(sessionOptions, options), "SessionOptionsAppendExecutionProvider_CUDA_V2", "Cuda");
    }

    [Fact]
    public void Session_options_take_threads_and_the_optimisation_level()
    {
        using var options = Api.CreateSessionOptions();

        Api.SetIntraOpNumThreads(options, 2);
        Api.SetGraphOptimizationLevel(options, GraphOptimizationLevel.All);

        // An invalid level is refused by SetSessionGraphOptimizationLevel itself.
        var e = Assert.Throws<OnnxRuntimeException>(() => Api.SetGraphOptimizationLevel(options, (GraphOptimizationLevel)12345));
        Assert.Equal("SetSessionGraphOptimizationLevel", e.Operation);
        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);
    }

    private static void ExpectSuccessOr(Action call, string operation, string messagePart)
    {
        try
        {
            call();
        }
        catch (OnnxRuntimeException e)
        {
            Assert.Equal(operation, e.Operation);
            Assert.Contains(messagePart, e.RuntimeMessage, StringComparison.Ordinal);
        }
    }
}
