using BenchmarkDotNet.Attributes;
using StreamLip.Faces;
using StreamLip.Faces.Detection;
using StreamLip.Faces.Images;

namespace StreamLip.Benchmarks.Faces;

/// <summary>
/// dlib's HOG frontal detector on one frame: the built-in avatar's 512×512 photo, and that photo on a 1280×720
/// frame (a typical video avatar), without and with one doubling (faces under 80 px). No target in the issue: this is
/// what detection of every frame of an avatar video costs.
/// </summary>
[MemoryDiagnoser]
public class FaceDetectionBenchmarks : IDisposable
{
    private readonly FaceDetection[] _faces = new FaceDetection[16];
    private HogFaceDetector? _detector;
    private byte[] _frame = [];
    private int _width;
    private int _height;

    [Params("512x512", "1280x720")]
    public string Frame { get; set; } = "512x512";

    [Params(0, 1)]
    public int Upsample { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frame = Frame == "512x512" ? BenchmarkFrames.Astronaut(out _width, out _height) : BenchmarkFrames.AstronautOn720p(out _width, out _height);
        _detector = new HogFaceDetector(new HogFaceDetectorOptions { Upsample = Upsample });
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _detector?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public int Detect() => _detector!.Detect(FaceImage.FromBgrx(_frame, _width, _height), _faces);
}
