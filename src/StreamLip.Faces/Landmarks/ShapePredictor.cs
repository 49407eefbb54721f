using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using StreamLip.Avatars;
using StreamLip.Faces.Images;

namespace StreamLip.Faces.Landmarks;

/// <summary>
/// dlib's shape predictor (Kazemi and Sullivan's ensemble of regression trees, 2014), read from dlib's own file and run
/// here: for each cascade stage, sample feature pixels placed relative to the current shape, walk every tree on pixel
/// differences and add its leaf to the shape. Same arithmetic as dlib 19.24 (float shape, double transforms), so
/// points agree with dlib's to rounding. Immutable once loaded: any number of threads may call
/// <see cref="Predict(in FaceImage, FaceBox, Span{Vector2})"/> at once, and a call allocates nothing.
/// </summary>
public sealed class ShapePredictor
{
    /// <summary>Where Debian's <c>libdlib-data</c> installs the iBUG 68-point model.</summary>
    public const string DefaultModelPath = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

    // Feature buffers up to this many floats live on the stack; larger models rent from the pool.
    private const int StackFloats = 2048;

    private readonly float[] _initialShape;
    private readonly RegressionCascade[] _cascades;
    private readonly int _maxFeatures;

    // The mean shape centred on its mean and its variance: the fixed "from" side of every similarity transform.
    private readonly double[] _centredInitial;
    private readonly double _initialVariance;

    private ShapePredictor(string path, float[] initialShape, RegressionCascade[] cascades)
    {
        ModelPath = path;
        _initialShape = initialShape;
        _cascades = cascades;
        _maxFeatures = cascades.Length == 0 ? 0 : cascades.Max(c => c.FeatureCount);
        _centredInitial = new double[initialShape.Length];
        int parts = initialShape.Length / 2;
        (double meanX, double meanY) = Mean(initialShape);
        double variance = 0;
        for (int i = 0; i < parts; i++)
        {
            double x = initialShape[2 * i] - meanX, y = initialShape[(2 * i) + 1] - meanY;
            _centredInitial[2 * i] = x;
            _centredInitial[(2 * i) + 1] = y;
            variance += (x * x) + (y * y);
        }

        _initialVariance = variance / parts;
    }

    /// <summary>The file the model came from.</summary>
    public string ModelPath { get; }

    /// <summary>Points per face (68 for the iBUG model).</summary>
    public int PartCount => _initialShape.Length / 2;

    /// <summary>Cascade stages (15 for the iBUG model).</summary>
    public int CascadeCount => _cascades.Length;

    /// <summary>Trees in all stages together (7500 for the iBUG model).</summary>
    public int TreeCount => _cascades.Sum(c => c.TreeCount);

    /// <summary>The cascade stages as read (tests look inside).</summary>
    internal IReadOnlyList<RegressionCascade> Cascades => _cascades;

    /// <summary>Loads Debian's model (<see cref="DefaultModelPath"/>).</summary>
    /// <exception cref="FaceModelException">It is missing (install libdlib-data) or unreadable.</exception>
    public static ShapePredictor Load() => Load(DefaultModelPath);

    /// <summary>Loads a dlib <c>shape_predictor</c> file (dlib's <c>serialize(sp, out)</c>, format version 1).</summary>
    /// <exception cref="FaceModelException">The file is missing, unreadable, truncated or not a shape predictor; the message names it and the byte where reading failed.</exception>
    public static ShapePredictor Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FaceModelException(string.Equals(full, DefaultModelPath, StringComparison.Ordinal)
                ? $"The landmark model {full} is missing: install the Debian package libdlib-data (`./streamlip setup` installs it)."
                : $"The landmark model {full} does not exist.");
        }

        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            var (initialShape, cascades) = ShapePredictorReader.Read(stream);
            return new ShapePredictor(full, initialShape, cascades);
        }
        catch (InvalidDataException e)
        {
            throw new FaceModelException($"{full} is not a readable dlib shape predictor: {e.Message}.", e);
        }
        catch (IOException e)
        {
            throw new FaceModelException($"{full} could not be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new FaceModelException($"{full} could not be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// The face's <see cref="PartCount"/> points in pixels of <paramref name="image"/> (iBUG order: 0-16 jaw, 17-26 brows,
    /// 27-35 nose, 36-47 eyes, 48-67 mouth), written to <paramref name="landmarks"/>. Allocates nothing.
    /// </summary>
    /// <param name="image">The frame.</param>
    /// <param name="box">The face, as a detector found it (dlib's rectangle is this box with inclusive right/bottom edges).</param>
    /// <param name="landmarks">Exactly <see cref="PartCount"/> points.</param>
    /// <exception cref="ArgumentException">An empty image, a box under 2×2 pixels or wholly outside the image, or a wrong-length destination.</exception>
    public void Predict(in FaceImage image, FaceBox box, Span<Vector2> landmarks) => Predict(image, box, landmarks, Vector256.IsHardwareAccelerated);

    /// <summary>As <see cref="Predict(in FaceImage, FaceBox, Span{Vector2})"/>, into a new array.</summary>
    public Vector2[] Predict(in FaceImage image, FaceBox box)
    {
        var landmarks = new Vector2[PartCount];
        Predict(image, box, landmarks);
        return landmarks;
    }

    /// <summary>The prediction with the leaf sums vectorised or not (tests run both; results are identical).</summary>
    internal void Predict(in FaceImage image, FaceBox box, Span<Vector2> landmarks, bool vectorized)
    {
        if (image.IsEmpty)
        {
            throw new ArgumentException("The image is empty (a default FaceImage).", nameof(image));
        }

        if (box.Width < 2 || box.Height < 2)
        {
            throw new ArgumentException($"A face box must be at least 2×2 pixels; this one is {box.Width}×{box.Height}.", nameof(box));
        }

        if (box.Right <= 0 || box.Bottom <= 0 || box.X >= image.Width || box.Y >= image.Height)
        {
            throw new ArgumentException(
                $"The face box ({box.X}, {box.Y}, {box.Width}×{box.Height}) lies wholly outside the {image.Width}×{image.Height} image.", nameof(box));
        }

        if (landmarks.Length != PartCount)
        {
            throw new ArgumentException($"The model gives {PartCount} points; the destination holds {landmarks.Length}.", nameof(landmarks));
        }

        int shapeLength = _initialShape.Length;
        float[]? rented = null;
        int floats = shapeLength + _maxFeatures;
        Span<float> scratch = floats <= StackFloats ? stackalloc float[StackFloats] : (rented = ArrayPool<float>.Shared.Rent(floats));
        try
        {
            Span<float> shape = scratch[..shapeLength];
            Span<float> features = scratch.Slice(shapeLength, _maxFeatures);
            _initialShape.CopyTo(shape);

            // dlib's rectangle: left, top, right, bottom inclusive; (0,0) of the normalised box is (left, top), (1,1) is (right, bottom).
            double left = box.X, top = box.Y, spanX = box.Width - 1, spanY = box.Height - 1;
            foreach (RegressionCascade cascade in _cascades)
            {
                SampleFeatures(image, cascade, shape, features, left, top, spanX, spanY);
                AddTrees(cascade, features, shape, vectorized);
            }

            for (int i = 0; i < landmarks.Length; i++)
            {
                landmarks[i] = new Vector2((float)(left + (shape[2 * i] * spanX)), (float)(top + (shape[(2 * i) + 1] * spanY)));
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// dlib's extract_feature_pixel_values: the similarity transform from the mean shape to the current one, applied to
    /// each feature's offset from its anchor point (in float), then to pixels of the box (in double), rounded to the
    /// nearest pixel; pixels outside the image read as 0.
    /// </summary>
    private void SampleFeatures(
        in FaceImage image, RegressionCascade cascade, ReadOnlySpan<float> shape, Span<float> features,
        double left, double top, double spanX, double spanY)
    {
        (float a, float b) = SimilarityTo(shape);
        ReadOnlySpan<int> anchors = cascade.Anchors;
        ReadOnlySpan<float> deltas = cascade.Deltas;
        int width = image.Width, height = image.Height;
        for (int i = 0; i < anchors.Length; i++)
        {
            float dx = deltas[2 * i], dy = deltas[(2 * i) + 1];
            int anchor = anchors[i];
            float px = (a * dx) + (-b * dy) + shape[2 * anchor];
            float py = (b * dx) + (a * dy) + shape[(2 * anchor) + 1];
            double x = Math.Floor(left + (px * spanX) + 0.5);
            double y = Math.Floor(top + (py * spanY) + 0.5);
            features[i] = x >= 0 && y >= 0 && x < width && y < height ? image.Intensity((int)x, (int)y) : 0f;
        }
    }

    /// <summary>
    /// The rotation-and-scale part of the least-squares similarity transform from the mean shape to
    /// <paramref name="shape"/> (Umeyama 1991, which dlib computes by SVD; in 2-D its closed form is
    /// [[a, −b], [b, a]] with a, b from the cross-covariance), in double, rounded to float as dlib does.
    /// </summary>
    private (float A, float B) SimilarityTo(ReadOnlySpan<float> shape)
    {
        int parts = shape.Length / 2;
        (double meanX, double meanY) = Mean(shape);
        double dot = 0, cross = 0;
        ReadOnlySpan<double> from = _centredInitial;
        for (int i = 0; i < parts; i++)
        {
            double fx = from[2 * i], fy = from[(2 * i) + 1];
            double tx = shape[2 * i] - meanX, ty = shape[(2 * i) + 1] - meanY;
            dot += (fx * tx) + (fy * ty);
            cross += (fx * ty) - (fy * tx);
        }

        if (_initialVariance == 0)
        {
            return (1f, 0f);
        }

        double scale = parts * _initialVariance;
        return ((float)(dot / scale), (float)(cross / scale));
    }

    /// <summary>The mean point of an interleaved (x, y) shape, summed in double as dlib does.</summary>
    private static (double X, double Y) Mean(ReadOnlySpan<float> shape)
    {
        int parts = shape.Length / 2;
        double x = 0, y = 0;
        for (int i = 0; i < parts; i++)
        {
            x += shape[2 * i];
            y += shape[(2 * i) + 1];
        }

        return (x / parts, y / parts);
    }

    private static void AddTrees(RegressionCascade cascade, ReadOnlySpan<float> features, Span<float> shape, bool vectorized)
    {
        ReadOnlySpan<int> splitStart = cascade.SplitStart;
        ReadOnlySpan<int> splitCount = cascade.SplitCount;
        ReadOnlySpan<int> leafStart = cascade.LeafStart;
        ReadOnlySpan<int> feature1 = cascade.SplitFeature1;
        ReadOnlySpan<int> feature2 = cascade.SplitFeature2;
        ReadOnlySpan<float> threshold = cascade.SplitThreshold;
        ReadOnlySpan<float> leaves = cascade.Leaves;
        int shapeLength = shape.Length;
        for (int t = 0; t < splitStart.Length; t++)
        {
            int first = splitStart[t], count = splitCount[t];
            int node = 0;
            while (node < count)
            {
                int s = first + node;
                node = features[feature1[s]] - features[feature2[s]] > threshold[s] ? (2 * node) + 1 : (2 * node) + 2;
            }

            ReadOnlySpan<float> leaf = leaves.Slice(leafStart[t] + ((node - count) * shapeLength), shapeLength);
            if (vectorized)
            {
                AddVectorized(shape, leaf);
            }
            else
            {
                AddScalar(shape, leaf);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddVectorized(Span<float> shape, ReadOnlySpan<float> leaf)
    {
        ref float s = ref MemoryMarshal.GetReference(shape);
        ref float l = ref MemoryMarshal.GetReference(leaf);
        int i = 0;
        for (; i <= shape.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var sum = Vector256.LoadUnsafe(ref s, (nuint)i) + Vector256.LoadUnsafe(ref l, (nuint)i);
            sum.StoreUnsafe(ref s, (nuint)i);
        }

        for (; i < shape.Length; i++)
        {
            Unsafe.Add(ref s, i) += Unsafe.Add(ref l, i);
        }
    }

    private static void AddScalar(Span<float> shape, ReadOnlySpan<float> leaf)
    {
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] += leaf[i];
        }
    }
}
