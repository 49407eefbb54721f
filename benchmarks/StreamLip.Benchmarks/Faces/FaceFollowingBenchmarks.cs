using BenchmarkDotNet.Attributes;
using StreamLip.Faces;
using StreamLip.Faces.Detection;
using StreamLip.Faces.Images;
using StreamLip.Faces.Landmarks;
using StreamLip.Faces.Tracking;

namespace StreamLip.Benchmarks.Faces;

/// <summary>
/// What finding the speaker's face and landmarks costs per frame of an avatar video (issue #12 item 2): the whole
/// frame searched every time (baseline), against <see cref="FaceFinder"/> following the face found in the previous
/// frame (searched first in the region 3× its size).
/// </summary>
[MemoryDiagnoser]
public class FaceFollowingBenchmarks : IDisposable
{
    private readonly FaceDetection[] _faces = new FaceDetection[16];
    private ShapePredictor? _predictor;
    private HogFaceDetector? _detector;
    private FaceFinder? _finder;
    private byte[] _frame = [];
    private int _width;
    private int _height;

    [Params("512x512", "1280x720")]
    public string Frame { get; set; } = "512x512";

    [GlobalSetup]
    public void Setup()
    {
        _frame = Frame == "512x512" ? BenchmarkFrames.Astronaut(out _width, out _height) : BenchmarkFrames.AstronautOn720p(out _width, out _height);
        _predictor = ShapePredictor.Load();
        _detector = new HogFaceDetector();
        _finder = new FaceFinder(_predictor);
        _finder.Find(_frame, _width, _height, out _);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _detector?.Dispose();
        _finder?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public float WholeFrame()
    {
        var image = FaceImage.FromBgrx(_frame, _width, _height);
        _detector!.Detect(image, _faces);
        Span<System.Numerics.Vector2> points = stackalloc System.Numerics.Vector2[68];
        _predictor!.Predict(image, _faces[0].Box, points);
        return points[30].X;
    }

    [Benchmark]
    public float Followed() => _finder!.Find(_frame, _width, _height, out _)![30].X;
}
