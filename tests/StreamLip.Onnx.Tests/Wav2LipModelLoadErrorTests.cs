using StreamLip.Onnx.Sessions;

namespace StreamLip.Onnx.Tests;

/// <summary>Every way <see cref="Wav2LipModel.Load"/> refuses a model, each with a message a user can act on.</summary>
public sealed class Wav2LipModelLoadErrorTests
{
    [Fact]
    public void A_missing_file_is_named_in_the_error()
    {
        string path = Path.Combine(Path.GetTempPath(), "streamlip-no-such-model.onnx");

        var e = Assert.Throws<ModelFileNotFoundException>(() => Wav2LipModel.Load(path));

        Assert.Equal(path, e.FileName);
        Assert.Contains($"'{path}' does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_onnx_carries_the_runtime_message()
    {
        string path = TestPaths.Fixture("not-onnx.onnx");

        var e = Assert.Throws<InvalidModelException>(() => Wav2LipModel.Load(path));

        Assert.Equal(OrtErrorCode.InvalidProtobuf, e.ErrorCode);
        Assert.Contains("Protobuf parsing failed", e.RuntimeMessage, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("Protobuf parsing failed", e.Message, StringComparison.Ordinal);
        Assert.IsType<OnnxRuntimeException>(e.InnerException);
    }

    [Fact]
    public void A_model_that_binds_but_runs_only_batch_1_fails_in_Run_with_the_runtime_message()
    {
        using var model = Wav2LipModel.Load(TestPaths.Fixture("runs-batch-1-only.onnx"));
        var one = new Wav2LipInputs(96, 0f);
        var two = new Wav2LipInputs(96, 0f, 0f);

        model.Run(one.Mel, one.Face, one.NewOutput(), 1);
        var e = Assert.Throws<OnnxRuntimeException>(() => model.Run(two.Mel, two.Face, two.NewOutput(), 2));

        Assert.Equal("Run", e.Operation);
        Assert.Contains("Reshape", e.RuntimeMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_of_another_contract_says_what_was_expected_and_found()
    {
        string path = TestPaths.Fixture("wrong-contract.onnx");

        var e = Assert.Throws<ModelContractException>(() => Wav2LipModel.Load(path));

        Assert.Equal(path, e.ModelPath);
        Assert.Equal("no input has the face shape [B,6,S,S] with a fixed S", e.Problem);
        Assert.Equal(
            "inputs: audio float32 [batch,1,80,16], image float32 [batch,3,96,96]; outputs: result float32 [batch,3,96,96]",
            e.Found);
        Assert.Contains("one [B,1,80,16] (mel window) and one [B,6,S,S]", e.Message, StringComparison.Ordinal);
        Assert.Contains(e.Found, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_refused_before_anything_loads()
    {
        Assert.Equal("MaxBatch", Assert.Throws<ArgumentOutOfRangeException>(
            () => Wav2LipModel.Load(TestPaths.TestModel, new Wav2LipModelOptions { MaxBatch = 0 })).ParamName);
        Assert.Equal("IntraOpThreads", Assert.Throws<ArgumentOutOfRangeException>(
            () => Wav2LipModel.Load(TestPaths.TestModel, new Wav2LipModelOptions { IntraOpThreads = -1 })).ParamName);
        Assert.Contains("at least one", Assert.Throws<ArgumentException>(
            () => Wav2LipModel.Load(TestPaths.TestModel, new Wav2LipModelOptions { Providers = [] })).Message, StringComparison.Ordinal);
        Assert.Contains("names Cpu twice", Assert.Throws<ArgumentException>(
            () => Wav2LipModel.Load(TestPaths.TestModel, new Wav2LipModelOptions { Providers = [ExecutionProvider.Cpu, ExecutionProvider.Cpu] })).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_only_for_a_gpu_provider_without_one_fails_clearly()
    {
        var options = new Wav2LipModelOptions { Providers = [ExecutionProvider.Cuda] };

        if (GpuLibraries.Missing(GpuLibraries.Cuda, []).Count == 0)
        {
            // A machine with CUDA 13 and cuDNN 9: the provider runs the model.
            using var model = Wav2LipModel.Load(TestPaths.TestModel, options);
            Assert.Equal("CUDAExecutionProvider", model.Info.Provider);
            return;
        }

        var e = Assert.Throws<InvalidOperationException>(() => Wav2LipModel.Load(TestPaths.TestModel, options));
        Assert.StartsWith("None of the requested execution providers (Cuda) can be used: Cuda: missing ", e.Message, StringComparison.Ordinal);
        Assert.Contains(ExecutionProviderAppender.LibraryHint, e.Message, StringComparison.Ordinal);
        Assert.Contains("Add Cpu to Wav2LipModelOptions.Providers", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_gpu_options_are_refused_before_anything_loads()
    {
        Assert.Contains("Gpu.DeviceId", Assert.Throws<ArgumentOutOfRangeException>(
            () => Wav2LipModel.Load(TestPaths.TestModel, new Wav2LipModelOptions { Gpu = new GpuOptions { DeviceId = -1 } })).Message, StringComparison.Ordinal);
        Assert.Contains("Gpu.CudaMemoryLimitMiB", Assert.Throws<ArgumentOutOfRangeException>(
            () => Wav2LipModel.Load(TestPaths.TestModel, new Wav2LipModelOptions { Gpu = new GpuOptions { CudaMemoryLimitMiB = -5 } })).Message, StringComparison.Ordinal);
    }
}
