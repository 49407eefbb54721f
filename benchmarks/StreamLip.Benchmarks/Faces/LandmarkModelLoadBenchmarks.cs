using BenchmarkDotNet.Attributes;
using StreamLip.Faces;
using StreamLip.Faces.Landmarks;

namespace StreamLip.Benchmarks.Faces;

/// <summary>
/// Reading Debian's 99.7 MB iBUG model (16.3 M floats in dlib's mantissa/exponent encoding) into the predictor's flat
/// arrays: what a process pays once before its first face.
/// </summary>
[MemoryDiagnoser]
public class LandmarkModelLoadBenchmarks
{
    [Benchmark]
    public int Load() => ShapePredictor.Load().TreeCount;
}
