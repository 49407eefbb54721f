using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using StreamLip.Onnx.Runtime;
using StreamLip.Onnx.Sessions;

namespace StreamLip.Onnx.Tests.Sessions;

/// <summary>
/// The GPU providers against the real GPU build of ONNX Runtime (this test project ships it): the options StreamLip
/// sets are ones ORT accepts, and a machine without CUDA gets the documented skip line and the CPU takes over.
/// </summary>
public sealed class ExecutionProviderAppenderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"streamlip-gpu-libs-{Guid.NewGuid():N}");

    private static readonly TensorSpec[] ContractInputs =
    [
        new("mel", OnnxValueType.ONNX_TYPE_TENSOR, TensorElementType.Float, [-1, 1, 80, 16], ["batch", "", "", ""]),
        new("face", OnnxValueType.ONNX_TYPE_TENSOR, TensorElementType.Float, [-1, 6, 96, 96], ["batch", "", "", ""]),
    ];

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void The_test_project_runs_the_gpu_build_of_onnx_runtime_1_32()
    {
        Assert.Equal(OnnxRuntimeEnvironment.PackageVersion, OnnxRuntimeEnvironment.Version);
        Assert.Equal(
            [ExecutionProviderNames.TensorRT, ExecutionProviderNames.Cuda, ExecutionProviderNames.Cpu],
            OnnxRuntimeEnvironment.AvailableProviders);
    }

    [Fact]
    public void TensorRt_options_set_fp16_caches_and_a_profile_from_batch_1_to_max()
    {
        string cache = Path.Combine(_directory, "trt");
        var settings = new SessionSettings([ExecutionProvider.TensorRT], 1, 16, new GpuOptions { TensorRtCacheDirectory = cache, DeviceId = 1 });

        var o = ExecutionProviderAppender.TensorRtOptions(settings, ContractInputs);

        Assert.True(Directory.Exists(cache));
        Assert.Equal("1", o["device_id"]);
        Assert.Equal("1", o["trt_fp16_enable"]);
        Assert.Equal("1", o["trt_engine_cache_enable"]);
        Assert.Equal(cache, o["trt_engine_cache_path"]);
        Assert.Equal("1", o["trt_timing_cache_enable"]);
        Assert.Equal(cache, o["trt_timing_cache_path"]);
        Assert.Equal("mel:1x1x80x16,face:1x6x96x96", o["trt_profile_min_shapes"]);
        Assert.Equal("mel:16x1x80x16,face:16x6x96x96", o["trt_profile_opt_shapes"]);
        Assert.Equal("mel:16x1x80x16,face:16x6x96x96", o["trt_profile_max_shapes"]);
        if (GpuLibraries.Missing(GpuLibraries.TensorRT, []).Count == 0)
        {
            // ORT validates the keys only once its provider library loads, which needs TensorRT and CUDA.
            using var trt = new OrtTensorRTProviderOptions();
            trt.UpdateOptions(o);
            Assert.Contains("trt_profile_max_shapes=mel:16x1x80x16,face:16x6x96x96", trt.GetOptions(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_fixed_batch_model_gets_no_profile()
    {
        TensorSpec[] fixedInputs = [ContractInputs[0] with { Dimensions = [2, 1, 80, 16] }, ContractInputs[1] with { Dimensions = [2, 6, 96, 96] }];

        var o = ExecutionProviderAppender.TensorRtOptions(new SessionSettings([ExecutionProvider.TensorRT], 1, 16, new GpuOptions { TensorRtFp16 = false }), fixedInputs);

        Assert.False(o.ContainsKey("trt_profile_min_shapes"));
        Assert.False(o.ContainsKey("trt_engine_cache_enable"));
        Assert.Equal("0", o["trt_fp16_enable"]);
    }

    [Fact]
    public void Cuda_options_set_the_arena_and_convolution_search()
    {
        var o = ExecutionProviderAppender.CudaOptions(new GpuOptions { CudaConvolutionSearch = CudaConvolutionSearch.Heuristic, CudaMemoryLimitMiB = 2048 });

        Assert.Equal("0", o["device_id"]);
        Assert.Equal("HEURISTIC", o["cudnn_conv_algo_search"]);
        Assert.Equal("2147483648", o["gpu_mem_limit"]);
        Assert.Equal("kNextPowerOfTwo", o["arena_extend_strategy"]);
        Assert.Equal("1", o["do_copy_in_default_stream"]);
        Assert.Equal("EXHAUSTIVE", ExecutionProviderAppender.CudaOptions(new GpuOptions())["cudnn_conv_algo_search"]);
        Assert.False(ExecutionProviderAppender.CudaOptions(new GpuOptions()).ContainsKey("gpu_mem_limit"));
        if (GpuLibraries.Missing(GpuLibraries.Cuda, []).Count == 0)
        {
            // ORT validates the keys only once its provider library loads, which needs CUDA.
            using var cuda = new OrtCUDAProviderOptions();
            cuda.UpdateOptions(o);
            Assert.Contains("cudnn_conv_algo_search=HEURISTIC", cuda.GetOptions(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_cuda_both_gpu_providers_are_skipped_naming_every_missing_library_and_the_cpu_runs()
    {
        var missingCuda = GpuLibraries.Missing(GpuLibraries.Cuda, []);
        using var model = Wav2LipModel.Load(TestPaths.TestModel);
        var inputs = new Wav2LipInputs(96, 0f);
        float[] output = inputs.NewOutput();
        model.Run(inputs.Mel, inputs.Face, inputs.Landmarks, output, 1);
        MouthAssert.MouthDarkens(output, inputs, 0);

        if (missingCuda.Count == 0)
        {
            Assert.NotEqual(ExecutionProviderNames.Cpu, model.Info.Provider);
            return;
        }

        Assert.Equal(ExecutionProviderNames.Cpu, model.Info.Provider);
        Assert.Equal(2, model.Info.SkippedProviders.Count);
        string cuda = model.Info.SkippedProviders[1];
        Assert.Equal($"Cuda: missing {string.Join("; ", missingCuda)}; {ExecutionProviderAppender.LibraryHint}", cuda);
        Assert.StartsWith("TensorRT: missing ", model.Info.SkippedProviders[0], StringComparison.Ordinal);
        if (!NativeLibraryFound("libcudart.so.13"))
        {
            Assert.Contains("libcudart.so.13 (CUDA 13 runtime (cuda-cudart-13-0, or pip nvidia-cuda-runtime", cuda, StringComparison.Ordinal);
        }

        if (!NativeLibraryFound("libnvinfer.so.10"))
        {
            Assert.Contains("libnvinfer.so.10 (TensorRT 10", model.Info.SkippedProviders[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_library_in_a_configured_directory_is_found_and_loaded()
    {
        // Any real shared library stands in for a CUDA one: zlib under the soname libcurand.so.10.
        Directory.CreateDirectory(_directory);
        File.CreateSymbolicLink(Path.Combine(_directory, "libcurand.so.10"), "/lib/x86_64-linux-gnu/libz.so.1");
        File.WriteAllText(Path.Combine(_directory, "libcudart.so.13"), "not a library");
        GpuLibrary[] needed = [new("libcurand.so.10", "cuRAND"), new("libcudart.so.13", "CUDA runtime")];

        var missing = GpuLibraries.Missing(needed, [_directory]);

        Assert.DoesNotContain(missing, m => m.StartsWith("libcurand.so.10", StringComparison.Ordinal));
        Assert.Equal(NativeLibraryFound("libcudart.so.13") ? [] : ["libcudart.so.13 (CUDA runtime)"], missing);
    }

    private static bool NativeLibraryFound(string name) => System.Runtime.InteropServices.NativeLibrary.TryLoad(name, out _);
}
