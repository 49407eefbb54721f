namespace StreamLip.Onnx.Sessions;

/// <summary>What a session is built with.</summary>
/// <param name="Providers">Execution providers in order of preference.</param>
/// <param name="IntraOpThreads">Threads inside one operator; 0 = ORT's choice.</param>
/// <param name="MaxBatch">The largest batch the model will run (TensorRT's optimisation profile covers 1..MaxBatch).</param>
/// <param name="Gpu">GPU provider settings.</param>
/// <param name="PrepackWeights">Whether the CPU kernels keep pre-packed copies of the weights.</param>
internal sealed record SessionSettings(IReadOnlyList<ExecutionProvider> Providers, int IntraOpThreads, int MaxBatch, GpuOptions Gpu, bool PrepackWeights = true)
{
    /// <summary>CPU-only settings with default GPU options (what most tests use).</summary>
    public SessionSettings(IReadOnlyList<ExecutionProvider> providers, int intraOpThreads)
        : this(providers, intraOpThreads, Wav2LipModelOptions.DefaultMaxBatch, new GpuOptions())
    {
    }
}
