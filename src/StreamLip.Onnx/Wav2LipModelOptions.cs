namespace StreamLip.Onnx;

/// <summary>How <see cref="Wav2LipModel.Load"/> sets up the ONNX Runtime session. Validated by <c>Load</c>.</summary>
public sealed class Wav2LipModelOptions
{
    /// <summary>The default <see cref="MaxBatch"/>: five frames (200 ms of video at 25 fps).</summary>
    public const int DefaultMaxBatch = 5;

    /// <summary>
    /// The largest batch <see cref="Wav2LipModel.Run(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/> accepts (frames per run). Pinned input and output buffers for
    /// this many frames are made at load (≈ 330 KB per frame at S = 96) and every smaller batch runs on a prefix of
    /// them. Ignored for a fixed-batch model, which runs only its own batch.
    /// </summary>
    public int MaxBatch { get; set; } = DefaultMaxBatch;

    /// <summary>
    /// Execution providers in order of preference; null (the default) asks for every one this program's ONNX Runtime
    /// build has (<see cref="Wav2LipModel.AvailableProviders"/>: TensorRT → CUDA → CPU with the GPU package, the CPU
    /// with the CPU package). Each is appended only if the build has it and the libraries it needs (CUDA, cuDNN,
    /// TensorRT) load; each one skipped is reported in <see cref="StreamLip.Inference.LipSyncModelInfo.SkippedProviders"/>
    /// with what is missing. The first one appended runs the model (<see cref="StreamLip.Inference.LipSyncModelInfo.Provider"/>),
    /// later ones take the nodes it cannot. CPU ends the list: anything after it is never used.
    /// </summary>
    public IReadOnlyList<ExecutionProvider>? Providers { get; set; }

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 lets it choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Whether ONNX Runtime's CPU kernels keep their own pre-packed copy of the weights (default true): measured on the
    /// full-size Wav2Lip-96 at batch 5, 8 % faster than without, for ≈ 80 MiB more resident memory. False trades the
    /// speed for the memory (many small processes, or a full-size model on a small machine).
    /// </summary>
    public bool PrepackWeights { get; set; } = true;

    /// <summary>GPU provider settings (device, TensorRT fp16 and caches, CUDA arena and convolution search).</summary>
    public GpuOptions Gpu { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    internal void Validate()
    {
        if (MaxBatch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatch), MaxBatch, $"{nameof(MaxBatch)} must be at least 1.");
        }

        if (IntraOpThreads < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(IntraOpThreads), IntraOpThreads, $"{nameof(IntraOpThreads)} must be 0 (ONNX Runtime's choice) or more.");
        }

        if (Providers is { Count: 0 })
        {
            throw new ArgumentException($"{nameof(Providers)} must name at least one execution provider (e.g. Cpu).", nameof(Providers));
        }

        var seen = new HashSet<ExecutionProvider>();
        foreach (var provider in Providers ?? [])
        {
            if (!Enum.IsDefined(provider))
            {
                throw new ArgumentException($"{nameof(Providers)} contains an unknown provider ({(int)provider}).", nameof(Providers));
            }

            if (!seen.Add(provider))
            {
                throw new ArgumentException($"{nameof(Providers)} names {provider} twice.", nameof(Providers));
            }
        }

        if (Gpu is null)
        {
            throw new ArgumentNullException(nameof(Gpu), $"{nameof(Gpu)} must not be null.");
        }

        if (Gpu.DeviceId < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Gpu), Gpu.DeviceId, $"{nameof(Gpu)}.{nameof(GpuOptions.DeviceId)} must be 0 or more.");
        }

        if (Gpu.CudaMemoryLimitMiB < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Gpu), Gpu.CudaMemoryLimitMiB, $"{nameof(Gpu)}.{nameof(GpuOptions.CudaMemoryLimitMiB)} must be 0 (no limit) or more.");
        }

        if (!Enum.IsDefined(Gpu.CudaConvolutionSearch))
        {
            throw new ArgumentException($"{nameof(Gpu)}.{nameof(GpuOptions.CudaConvolutionSearch)} is not a known value.", nameof(Gpu));
        }
    }
}
