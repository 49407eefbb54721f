using BenchmarkDotNet.Attributes;
using StreamLip.Audio;
using StreamLip.Avatars;
using StreamLip.Onnx;
using StreamLip.Rendering;

namespace StreamLip.Benchmarks.Rendering;

/// <summary>
/// Frames per second of the offline pipeline (windows → batcher → ONNX Runtime → paste) with the model in use and the
/// built-in avatar, for 10 s of audio (250 frames). Encoding is left out: the CLI's summary line reports end-to-end.
/// Needs ./streamlip setup (the avatar and ONNX Runtime).
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private Wav2LipModel? _model;
    private Avatar? _avatar;
    private MelFrames? _mel;

    [Params(1, 5, 10)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        string home = StreamLipHome.Path;
        _model = Wav2LipModel.Load(StreamLipHome.DefaultModelUnder(home), new Wav2LipModelOptions { MaxBatch = Batch });
        _avatar = Avatar.Load(Path.Combine(home, "models", "avatars", "astronaut"), _model.Info.FaceSize);
        // 10 s of a syllable-rate modulated tone: speech-like energy for the mel.
        float[] samples = new float[160000];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = 0.3f * MathF.Sin(2 * MathF.PI * 220 * i / 16000) * (0.5f + (0.5f * MathF.Sin(2 * MathF.PI * 4 * i / 16000)));
        }

        _mel = MelSpectrogram.Compute(samples);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model?.Dispose();
        _avatar?.Dispose();
    }

    [Benchmark(Description = "render 250 frames (10 s)")]
    public Task<RenderResult> Render250() =>
        OfflineRenderer.RenderAsync(_mel!, 250, _avatar!, _model!, new RenderOptions { BatchSize = Batch }, static (_, _) => ValueTask.CompletedTask);
}
