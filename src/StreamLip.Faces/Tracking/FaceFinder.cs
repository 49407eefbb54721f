using System.Numerics;
using StreamLip.Avatars;
using StreamLip.Faces.Detection;
using StreamLip.Faces.Images;
using StreamLip.Faces.Landmarks;

namespace StreamLip.Faces.Tracking;

/// <summary>
/// Finds the speaker's face and its 68 landmarks frame after frame of one video. Once a face is found, the next frame
/// is searched first in the region around it (three times the face's size: detection and landmarks 8 ms per 720p
/// frame instead of 59, benchmarks/RESULTS.md, and the speaker keeps being followed when someone else walks in); only when that
/// fails is the whole frame searched, and then the largest face is the speaker. Small frames (a still, a thumbnail)
/// (up to 640×480) are searched once more at double size when nothing is found, so faces down to ~40 px are found. Not thread-safe:
/// one finder per video.
/// </summary>
public sealed class FaceFinder : IDisposable
{
    private const int SmallFramePixels = 640 * 480;

    // dlib's detector window: faces under 80 px are found only at double size.
    private const int SmallFace = 80;

    // dlib's detection score (SVM margin) a face found far from the followed one must reach.
    private const double ConfidentScore = 0.5;
    private readonly ShapePredictor _predictor;
    private readonly HogFaceDetectorOptions _options;
    private readonly HogFaceDetector _detector;
    private HogFaceDetector? _upsampling;
    private FaceBox? _last;
    private bool _still;

    /// <summary>A finder over dlib's HOG detector (native library built by setup) and the given landmark model.</summary>
    /// <exception cref="FaceDetectorUnavailableException">The detector library is missing or cannot be loaded.</exception>
    public FaceFinder(ShapePredictor predictor, HogFaceDetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        _predictor = predictor;
        _options = options ?? new HogFaceDetectorOptions();
        _detector = new HogFaceDetector(_options);
    }

    /// <summary>Frames searched in the region around the last face and found there.</summary>
    public int FoundNearLast { get; private set; }

    /// <summary>Frames for which the whole frame was searched.</summary>
    public int WholeFrameSearches { get; private set; }

    /// <summary>The speaker's landmarks in frame pixels, or null when no face is found in this frame.</summary>
    /// <param name="bgrx">The frame, BGRx, stride = width × 4.</param>
    /// <param name="width">Frame width in pixels.</param>
    /// <param name="height">Frame height in pixels.</param>
    /// <param name="detected">The detector's box of the face found (its landmarks are framed from this box).</param>
    /// <param name="still">
    /// The frame is a still image, not part of a video: the best face is taken however weak. In a video the speaker is
    /// first taken from a confident detection, so that frames where it is hidden are gaps, not the detector's false faces.
    /// </param>
    public Vector2[]? Find(ReadOnlySpan<byte> bgrx, int width, int height, out FaceBox detected, bool still = false)
    {
        _still = still;
        var image = FaceImage.FromBgrx(bgrx, width, height);
        detected = default;
        FaceBox? found = _last is { } last ? NearLast(image, last) : null;
        if (found is not null)
        {
            FoundNearLast++;
        }
        else
        {
            WholeFrameSearches++;
            found = Speaker(Plausible(_detector.Detect(image)));
            // Double size only while the speaker may be small: before any face was found, or when the last one was.
            if (found is null && _options.Upsample == 0 && (long)width * height <= SmallFramePixels && (_last is null || _last.Value.Width < SmallFace))
            {
                found = Speaker(Plausible(Upsampling.Detect(image)));
            }
        }

        if (found is not { } box)
        {
            return null;
        }

        _last = box;
        detected = box;
        return _predictor.Predict(image, box);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _detector.Dispose();
        _upsampling?.Dispose();
    }

    private FaceBox? NearLast(in FaceImage image, FaceBox last)
    {
        int x0 = Math.Max(0, last.X - last.Width);
        int y0 = Math.Max(0, last.Y - last.Height);
        int x1 = Math.Min(image.Width, last.Right + last.Width);
        int y1 = Math.Min(image.Height, last.Bottom + last.Height);
        if (x1 - x0 < 2 || y1 - y0 < 2)
        {
            return null;
        }

        var region = new FaceImage(image.Pixels[((y0 * image.Stride) + (x0 * 4))..], x1 - x0, y1 - y0, image.Stride, image.Format);
        // A small face needs the region doubled; the region is small, so that stays cheap.
        var detector = last.Width < SmallFace && _options.Upsample == 0 ? Upsampling : _detector;
        FaceBox? best = null;
        double bestDistance = double.MaxValue;
        foreach (var d in detector.Detect(region))
        {
            var b = new FaceBox(d.Box.X + x0, d.Box.Y + y0, d.Box.Width, d.Box.Height);
            double ratio = b.Width / (double)last.Width;
            double distance = CentreDistance(b, last);
            if (ratio is >= 0.6 and <= 1.6 && distance < bestDistance)
            {
                (best, bestDistance) = (b, distance);
            }
        }

        return best;
    }

    /// <summary>
    /// In a video, the speaker is first found by a confident detection, and once followed a face found far from where it
    /// was last seen must be a confident one too: in frames where the speaker is hidden, the detector's weak false faces
    /// (the astronaut's badge: scores 0.07-0.36, her face 1.1-1.5) would otherwise be taken for the speaker and hide
    /// the gap.
    /// </summary>
    private FaceDetection[] Plausible(FaceDetection[] faces)
    {
        if (_still)
        {
            return faces;
        }

        return _last is { } last
            ? [.. faces.Where(f => f.Score >= ConfidentScore || CentreDistance(f.Box, last) <= last.Width)]
            : [.. faces.Where(f => f.Score >= ConfidentScore)];
    }

    private static double CentreDistance(FaceBox a, FaceBox b) =>
        Math.Abs((a.X + (a.Width / 2.0)) - (b.X + (b.Width / 2.0))) + Math.Abs((a.Y + (a.Height / 2.0)) - (b.Y + (b.Height / 2.0)));

    private HogFaceDetector Upsampling => _upsampling ??= new HogFaceDetector(new HogFaceDetectorOptions { Upsample = 1, AdjustThreshold = _options.AdjustThreshold, LibraryPath = _options.LibraryPath });

    /// <summary>
    /// The largest face among those at least a quarter as confident as the most confident one: a weak false face as
    /// large as the real one (the astronaut's badge at double size: score 0.12 against the face's 1.17) is not taken.
    /// </summary>
    private static FaceBox? Speaker(FaceDetection[] faces)
    {
        if (faces.Length == 0)
        {
            return null;
        }

        double cutoff = 0.25 * faces.Max(f => f.Score);
        return faces.Where(f => f.Score >= cutoff).MaxBy(f => (long)f.Box.Width * f.Box.Height).Box;
    }
}
