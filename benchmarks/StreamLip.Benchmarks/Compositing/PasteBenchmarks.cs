using BenchmarkDotNet.Attributes;
using StreamLip.Avatars;
using StreamLip.Compositing;

namespace StreamLip.Benchmarks.Compositing;

/// <summary>
/// One paste of a generated face crop into a 1280×720 BGRx avatar frame, box 260×260 (a typical face in 720p).
/// Target: ≤ 1 ms and 0 B allocated per paste. Baseline: the naive way — every box pixel, bilinear sampled on its
/// own and its mask weight computed from the smoothstep formulas in double precision.
/// </summary>
[MemoryDiagnoser]
public class PasteBenchmarks : IDisposable
{
    private const int Width = 1280;
    private const int Height = 720;
    private const int Stride = 4 * Width;
    private static readonly FaceBox Box = new(510, 230, 260, 260);

    private readonly FeatherMask _mask = new();
    private byte[] _frame = [];
    private float[] _crop = [];
    private FaceCompositor? _vector256;
    private FaceCompositor? _vector128;
    private FaceCompositor? _scalar;

    /// <summary>S, the generator's crop side: 96 for Wav2Lip, 256 for the larger variants.</summary>
    [Params(96, 256)]
    public int FaceSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _frame = new byte[Stride * Height];
        random.NextBytes(_frame);
        _crop = new float[3 * FaceSize * FaceSize];
        for (int i = 0; i < _crop.Length; i++)
        {
            _crop[i] = random.NextSingle();
        }

        _vector256 = new FaceCompositor(Box.Width, Box.Height, _mask, BlendPath.Vector256);
        _vector128 = new FaceCompositor(Box.Width, Box.Height, _mask, BlendPath.Vector128);
        _scalar = new FaceCompositor(Box.Width, Box.Height, _mask, BlendPath.Scalar);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _vector256?.Dispose();
        _vector128?.Dispose();
        _scalar?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public void NaivePerPixel() => NaivePaste(_crop, FaceSize, Box, _frame, _mask);

    [Benchmark]
    public void CompositorScalar() => _scalar!.Paste(_crop, FaceSize, Box, _frame, Width, Height, Stride);

    [Benchmark]
    public void CompositorVector128() => _vector128!.Paste(_crop, FaceSize, Box, _frame, Width, Height, Stride);

    [Benchmark]
    public void CompositorVector256() => _vector256!.Paste(_crop, FaceSize, Box, _frame, Width, Height, Stride);

    // The straightforward version: no tables, no row reuse, no skipping of zero-weight pixels.
    private static void NaivePaste(float[] crop, int size, FaceBox box, byte[] frame, FeatherMask mask)
    {
        int plane = size * size;
        for (int by = 0; by < box.Height; by++)
        {
            int y = box.Y + by;
            if (y < 0 || y >= Height)
            {
                continue;
            }

            for (int bx = 0; bx < box.Width; bx++)
            {
                int x = box.X + bx;
                if (x < 0 || x >= Width)
                {
                    continue;
                }

                double w = Smoothstep((((by + 0.5) / box.Height) - mask.LowerFaceStart) / (mask.LowerFaceEnd - mask.LowerFaceStart))
                    * Smoothstep(bx / (mask.EdgeFeather * box.Width))
                    * Smoothstep((box.Width - 1 - bx) / (mask.EdgeFeather * box.Width))
                    * Smoothstep((box.Height - 1 - by) / (mask.EdgeFeather * box.Height));
                double sx = Math.Clamp(((bx + 0.5) * size / box.Width) - 0.5, 0, size - 1);
                double sy = Math.Clamp(((by + 0.5) * size / box.Height) - 0.5, 0, size - 1);
                int x0 = (int)sx;
                int y0 = (int)sy;
                int x1 = Math.Min(x0 + 1, size - 1);
                int y1 = Math.Min(y0 + 1, size - 1);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int c = 0; c < 3; c++)
                {
                    int p = c * plane;
                    double top = crop[p + (y0 * size) + x0] + (fx * (crop[p + (y0 * size) + x1] - crop[p + (y0 * size) + x0]));
                    double bottom = crop[p + (y1 * size) + x0] + (fx * (crop[p + (y1 * size) + x1] - crop[p + (y1 * size) + x0]));
                    double s = 255 * (top + (fy * (bottom - top)));
                    int o = (y * Stride) + (4 * x) + c;
                    frame[o] = (byte)Math.Clamp(Math.Round(frame[o] + (w * (s - frame[o]))), 0, 255);
                }
            }
        }
    }

    private static double Smoothstep(double t)
    {
        t = Math.Clamp(t, 0, 1);
        return t * t * (3 - (2 * t));
    }
}
