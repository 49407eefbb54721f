using BenchmarkDotNet.Attributes;
using StreamLip.Onnx;

namespace StreamLip.Benchmarks.Inference;

/// <summary>
/// One generator run through the C# ONNX Runtime binding (CPU provider, ORT's default threads), per model and batch:
/// <c>full-size</c> is Wav2Lip-96 with random weights (same compute as the official model, made by
/// <c>./streamlip model bench</c>), <c>demo</c> is the committed default model. ms/frame = Mean / Batch.
/// </summary>
[MemoryDiagnoser]
public class ModelBenchmarks
{
    private Wav2LipModel? _model;
    private float[] _mel = [];
    private float[] _face = [];
    private float[] _output = [];

    [Params("full-size", "demo")]
    public string Model { get; set; } = "demo";

    [Params(1, 5, 10)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string path = Model == "full-size"
            ? Path.Combine(StreamLipHome.Path, "models", "bench", "wav2lip-96-random.onnx")
            : Path.Combine(StreamLipHome.Path, StreamLipHome.DemoModel);
        _model = Wav2LipModel.Load(path, new Wav2LipModelOptions { MaxBatch = Batch });
        int s = _model.Info.FaceSize;
        var random = new Random(1);
        _mel = [.. Enumerable.Range(0, Batch * 80 * 16).Select(_ => (random.NextSingle() * 8) - 4)];
        _face = [.. Enumerable.Range(0, Batch * 6 * s * s).Select(_ => random.NextSingle())];
        _output = new float[Batch * 3 * s * s];
        _model.Run(_mel, _face, _output, Batch);
    }

    [GlobalCleanup]
    public void Cleanup() => _model?.Dispose();

    [Benchmark(Description = "generator run")]
    public void Run() => _model!.Run(_mel, _face, _output, Batch);
}
