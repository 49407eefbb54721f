using StreamLip.Inference;
using StreamLip.Server.Options;

namespace StreamLip.Server.Hosting;

/// <summary>Loads the generator at start (ONNX Runtime in production; tests may swap in another).</summary>
public interface IGeneratorLoader
{
    /// <summary>Loads the model of <paramref name="options"/> for batches up to <paramref name="maxBatch"/>; the caller owns it.</summary>
    ILipSyncGenerator Load(ServerOptions options, int maxBatch);
}
