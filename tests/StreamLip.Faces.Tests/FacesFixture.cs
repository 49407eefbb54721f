using StreamLip.Faces.Detection;
using StreamLip.Faces.Landmarks;
using StreamLip.Faces.Tests.Reference;
using StreamLip.Faces.Tests.TestData;
using StreamLip.Media.Tests.TestData;
using StreamLip.Media.Video;

namespace StreamLip.Faces.Tests;

/// <summary>
/// Shared by the face tests: Debian's landmark model loaded once, one HOG detector, the two test photos from
/// Debian packages decoded (and their variants made) once, the dlib reference program built once, a scratch folder.
/// </summary>
public sealed class FacesFixture : IDisposable
{
    /// <summary>Grace Hopper (US Navy photo, public domain), shipped by Debian's python-matplotlib-data.</summary>
    public const string HopperJpeg = "/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg";

    private readonly Lazy<ShapePredictor> _predictor = new(() => ShapePredictor.Load());
    private readonly Lazy<HogFaceDetector> _detector = new(() => new HogFaceDetector());
    private readonly Lazy<IReadOnlyList<TestPhoto>> _photos;
    private readonly Lazy<IReadOnlyList<TestPhoto>> _variants;
    private readonly Lazy<ReferenceProgram> _reference;

    public FacesFixture()
    {
        WorkDirectory = Directory.CreateTempSubdirectory("streamlip-faces-tests-").FullName;
        _photos = new(() => [Decode("astronaut", AstronautImage.Locate()), Decode("hopper", LocateHopper())]);
        _variants = new(() => [.. Photos.SelectMany(PhotoVariants.Of)]);
        _reference = new(() => ReferenceProgram.Build(WorkDirectory));
    }

    public string WorkDirectory { get; }

    internal ShapePredictor Predictor => _predictor.Value;

    internal HogFaceDetector Detector => _detector.Value;

    /// <summary>The two photos as decoded.</summary>
    internal IReadOnlyList<TestPhoto> Photos => _photos.Value;

    /// <summary>Each photo and its transformed copies (<see cref="PhotoVariants"/>).</summary>
    internal IReadOnlyList<TestPhoto> Variants => _variants.Value;

    internal ReferenceProgram Reference => _reference.Value;

    public string NewPath(string extension) => Path.Combine(WorkDirectory, $"{Guid.NewGuid():N}.{extension}");

    public void Dispose()
    {
        if (_detector.IsValueCreated)
        {
            _detector.Value.Dispose();
        }

        Directory.Delete(WorkDirectory, recursive: true);
    }

    private static string LocateHopper() => File.Exists(HopperJpeg)
        ? HopperJpeg
        : throw new FileNotFoundException($"{HopperJpeg} is missing: install the Debian package python-matplotlib-data (`./streamlip setup` does).");

    private static TestPhoto Decode(string name, string path)
    {
        DecodedVideo decoded = VideoFileDecoder.Decode(path);
        return new TestPhoto(name, decoded.Frames[0].Bgrx, decoded.Width, decoded.Height, PhotoTransform.Identity(decoded.Width, decoded.Height));
    }
}
