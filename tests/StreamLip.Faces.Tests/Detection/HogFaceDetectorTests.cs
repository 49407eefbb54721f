using StreamLip.Avatars;
using StreamLip.Faces.Detection;
using StreamLip.Faces.Images;
using StreamLip.Faces.Native;
using StreamLip.Faces.Tests.TestData;

namespace StreamLip.Faces.Tests.Detection;

/// <summary>The HOG detector binding: the same faces as dlib run directly, bad inputs, disposal.</summary>
[Collection(FacesCollection.Name)]
public sealed class HogFaceDetectorTests(FacesFixture fixture)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Finds_what_dlib_itself_finds_on_every_variant(int upsample)
    {
        using var detector = new HogFaceDetector(new HogFaceDetectorOptions { Upsample = upsample });
        int faces = 0;
        foreach (TestPhoto photo in fixture.Variants)
        {
            FaceDetection[] ours = detector.Detect(photo.Image);
            var theirs = fixture.Reference.Detect(photo, upsample);
            Assert.Equal(theirs.Select(t => t.Box), ours.Select(o => o.Box));
            Assert.Equal(theirs.Select(t => t.Filter), ours.Select(o => (int)o.Filter));
            // The reference prints scores with 6 decimals.
            Assert.All(ours.Zip(theirs), p => Assert.Equal(p.Second.Score, p.First.Score, 1e-5));
            faces += ours.Length;
        }

        Assert.True(faces >= fixture.Variants.Count, $"{faces} faces on {fixture.Variants.Count} images");
    }

    [Fact]
    public void Finds_one_face_on_each_photo_and_none_on_a_blank_frame()
    {
        foreach (TestPhoto photo in fixture.Photos)
        {
            FaceDetection face = Assert.Single(fixture.Detector.Detect(photo.Image));
            Assert.True(face.Score > 0);
        }

        byte[] grey = new byte[512 * 512 * 4];
        Array.Fill(grey, (byte)128);
        Assert.Empty(fixture.Detector.Detect(FaceImage.FromBgrx(grey, 512, 512)));
    }

    [Fact]
    public void The_span_overload_reports_every_face_but_writes_only_what_fits()
    {
        TestPhoto photo = fixture.Photos[0];
        Assert.Equal(1, fixture.Detector.Detect(photo.Image, Span<FaceDetection>.Empty));
        var one = new FaceDetection[1];
        Assert.Equal(1, fixture.Detector.Detect(photo.Image, one));
        Assert.Equal(fixture.Detector.Detect(photo.Image)[0], one[0]);
    }

    [Fact]
    public void A_disposed_detector_refuses_work_and_disposing_twice_is_harmless()
    {
        var detector = new HogFaceDetector();
        TestPhoto photo = fixture.Photos[0];
        Assert.Single(detector.Detect(photo.Image));
        detector.Dispose();
        detector.Dispose();
        Assert.Throws<ObjectDisposedException>(() => detector.Detect(photo.Image));
    }

    [Fact]
    public void Bad_options_and_images_are_refused()
    {
        Assert.Contains("Upsample must be 0 to 3", Assert.Throws<ArgumentOutOfRangeException>(() => new HogFaceDetector(new HogFaceDetectorOptions { Upsample = 4 })).Message, StringComparison.Ordinal);
        Assert.Contains("AdjustThreshold", Assert.Throws<ArgumentOutOfRangeException>(() => new HogFaceDetector(new HogFaceDetectorOptions { AdjustThreshold = double.NaN })).Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => fixture.Detector.Detect(default(FaceImage))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_library_names_every_path_searched_and_how_to_build_it()
    {
        string missing = fixture.NewPath("so");
        var configured = Assert.Throws<FaceDetectorUnavailableException>(() => new HogFaceDetector(new HogFaceDetectorOptions { LibraryPath = missing }));
        Assert.Contains(missing, configured.Message, StringComparison.Ordinal);
        Assert.Contains("./streamlip setup", configured.Message, StringComparison.Ordinal);

        string empty = Directory.CreateTempSubdirectory("streamlip-faces-nolib-").FullName;
        try
        {
            var searched = Assert.Throws<FaceDetectorUnavailableException>(() => FacesLibraryLocator.Resolve(null, null, empty));
            Assert.Contains(Path.Combine(empty, FacesLibraryLocator.BuiltRelativePath), searched.Message, StringComparison.Ordinal);
            Assert.Contains(FacesLibraryLocator.EnvironmentVariable, searched.Message, StringComparison.Ordinal);
            Assert.Throws<FaceDetectorUnavailableException>(() => FacesLibraryLocator.Resolve(null, missing, empty));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void Another_library_file_in_the_same_process_is_refused()
    {
        _ = fixture.Detector;
        string other = fixture.NewPath("so");
        File.WriteAllBytes(other, [0x7F, (byte)'E', (byte)'L', (byte)'F']);
        var e = Assert.Throws<FaceDetectorUnavailableException>(() => new HogFaceDetector(new HogFaceDetectorOptions { LibraryPath = other }));
        Assert.Contains("already loaded", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Boxes_use_exclusive_right_and_bottom_edges()
    {
        FaceBox box = fixture.Detector.Detect(fixture.Photos[0].Image)[0].Box;
        var dlib = fixture.Reference.Detect(fixture.Photos[0], 0)[0].Box;
        Assert.Equal(dlib, box);
        Assert.Equal(box.X + box.Width, box.Right);
    }
}
