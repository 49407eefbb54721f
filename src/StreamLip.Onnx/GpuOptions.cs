namespace StreamLip.Onnx;

/// <summary>
/// How the GPU providers are set up (used only when <see cref="Wav2LipModelOptions.Providers"/> names TensorRT or CUDA
/// and the program ships ONNX Runtime's GPU build). Defaults suit one server per GPU.
/// </summary>
public sealed class GpuOptions
{
    /// <summary>CUDA device ordinal.</summary>
    public int DeviceId { get; set; }

    /// <summary>TensorRT builds fp16 kernels where they are faster (ORT's <c>trt_fp16_enable</c>). The model stays fp32 on disk.</summary>
    public bool TensorRtFp16 { get; set; } = true;

    /// <summary>
    /// Where TensorRT keeps its engine and timing caches (<c>trt_engine_cache_path</c>, <c>trt_timing_cache_path</c>),
    /// so that only the first start of a model on a GPU pays the engine build (minutes for a full-size model). Null: no
    /// cache on disk.
    /// </summary>
    public string? TensorRtCacheDirectory { get; set; }

    /// <summary>cuDNN convolution algorithm search of the CUDA provider (<c>cudnn_conv_algo_search</c>).</summary>
    public CudaConvolutionSearch CudaConvolutionSearch { get; set; } = CudaConvolutionSearch.Exhaustive;

    /// <summary>Upper bound of the CUDA provider's memory arena in MiB (<c>gpu_mem_limit</c>); 0 = no bound.</summary>
    public int CudaMemoryLimitMiB { get; set; }

    /// <summary>
    /// Extra directories searched for the CUDA, cuDNN and TensorRT libraries before the system's (e.g. a Python wheel's
    /// <c>nvidia/cu13/lib</c>); each library found is loaded before the provider, so it need not be on LD_LIBRARY_PATH.
    /// </summary>
    public IReadOnlyList<string> LibraryDirectories { get; set; } = [];
}
