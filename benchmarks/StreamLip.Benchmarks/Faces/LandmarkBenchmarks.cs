using System.Numerics;
using BenchmarkDotNet.Attributes;
using StreamLip.Avatars;
using StreamLip.Faces;
using StreamLip.Faces.Detection;
using StreamLip.Faces.Images;
using StreamLip.Faces.Landmarks;

namespace StreamLip.Benchmarks.Faces;

/// <summary>
/// 68 landmarks of one face (the astronaut, box from the HOG detector) with Debian's iBUG model: 15 cascades of 500
/// trees. Target: ≤ 2 ms and 0 B allocated per face. Baseline: the same walk with the leaf sums added one float at a time.
/// </summary>
[MemoryDiagnoser]
public class LandmarkBenchmarks
{
    private readonly Vector2[] _points = new Vector2[68];
    private ShapePredictor? _predictor;
    private byte[] _frame = [];
    private int _width;
    private int _height;
    private FaceBox _box;

    [GlobalSetup]
    public void Setup()
    {
        _predictor = ShapePredictor.Load();
        _frame = BenchmarkFrames.Astronaut(out _width, out _height);
        using var detector = new HogFaceDetector();
        _box = detector.Detect(FaceImage.FromBgrx(_frame, _width, _height))[0].Box;
    }

    [Benchmark(Baseline = true)]
    public void ScalarLeafSums() => _predictor!.Predict(FaceImage.FromBgrx(_frame, _width, _height), _box, _points, vectorized: false);

    [Benchmark]
    public void Predict() => _predictor!.Predict(FaceImage.FromBgrx(_frame, _width, _height), _box, _points);
}
