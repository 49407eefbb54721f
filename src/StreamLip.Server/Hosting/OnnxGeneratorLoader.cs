using StreamLip.Inference;
using StreamLip.Onnx;
using StreamLip.Server.Options;

namespace StreamLip.Server.Hosting;

/// <summary>Loads <see cref="ServerOptions.ModelPath"/> with ONNX Runtime on <see cref="ServerOptions.Providers"/> (default: what the build has, TensorRT → CUDA → CPU).</summary>
internal sealed class OnnxGeneratorLoader : IGeneratorLoader
{
    public ILipSyncGenerator Load(ServerOptions options, int maxBatch) =>
        Wav2LipModel.Load(options.ModelPath!, new Wav2LipModelOptions
        {
            MaxBatch = maxBatch,
            IntraOpThreads = options.IntraOpThreads,
            Providers = options.ParseProviders(),
            Gpu = options.Gpu,
            PrepackWeights = options.PrepackWeights,
        });
}
