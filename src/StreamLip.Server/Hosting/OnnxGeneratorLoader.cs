using StreamLip.Inference;
using StreamLip.Onnx;
using StreamLip.Server.Options;

namespace StreamLip.Server.Hosting;

/// <summary>Loads <see cref="ServerOptions.ModelPath"/> with ONNX Runtime (TensorRT → CUDA → CPU, what the library offers).</summary>
internal sealed class OnnxGeneratorLoader : IGeneratorLoader
{
    public ILipSyncGenerator Load(ServerOptions options, int maxBatch) =>
        Wav2LipModel.Load(options.ModelPath!, new Wav2LipModelOptions { MaxBatch = maxBatch, IntraOpThreads = options.IntraOpThreads });
}
