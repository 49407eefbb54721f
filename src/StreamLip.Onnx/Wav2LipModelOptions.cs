namespace StreamLip.Onnx;

/// <summary>How <see cref="Wav2LipModel.Load"/> sets up the ONNX Runtime session. Validated by <c>Load</c>.</summary>
public sealed class Wav2LipModelOptions
{
    /// <summary>The default <see cref="MaxBatch"/>: five frames (200 ms of video at 25 fps).</summary>
    public const int DefaultMaxBatch = 5;

    /// <summary>
    /// The largest batch <see cref="Wav2LipModel.Run"/> accepts (frames per run). Pinned input and output buffers for
    /// this many frames are made at load (≈ 330 KB per frame at S = 96) and every smaller batch runs on a prefix of
    /// them. Ignored for a fixed-batch model, which runs only its own batch.
    /// </summary>
    public int MaxBatch { get; set; } = DefaultMaxBatch;

    /// <summary>
    /// Execution providers in order of preference. Each is appended only if the library reports it and its provider
    /// library loads; the first one appended runs the model (<see cref="StreamLip.Inference.LipSyncModelInfo.Provider"/>),
    /// later ones take the nodes it cannot. CPU ends the list: anything after it is never used.
    /// </summary>
    public IReadOnlyList<ExecutionProvider> Providers { get; set; } =
        [ExecutionProvider.TensorRT, ExecutionProvider.Cuda, ExecutionProvider.Cpu];

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 lets it choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Path of <c>libonnxruntime.so.1</c>; null searches <c>STREAMLIP_ORT_LIBRARY</c>, the application's directory and
    /// the npm install of <c>./streamlip setup</c>. Only one library can be loaded per process.
    /// </summary>
    public string? LibraryPath { get; set; }

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

        if (Providers is null || Providers.Count == 0)
        {
            throw new ArgumentException($"{nameof(Providers)} must name at least one execution provider (e.g. Cpu).", nameof(Providers));
        }

        var seen = new HashSet<ExecutionProvider>();
        foreach (var provider in Providers)
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
    }
}
