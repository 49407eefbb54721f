using System.Globalization;
using System.Numerics;
using StreamLip.Avatars;
using StreamLip.Faces.Detection;
using StreamLip.Faces.Tests.TestData;
using StreamLip.Media.Images;
using StreamLip.Media.Video;
using Xunit.Abstractions;

namespace StreamLip.Faces.Tests.Detection;

/// <summary>
/// Misses of dlib's HOG detector and of the Haar cascade StreamLip uses today (GStreamer's facedetect, OpenCV's
/// frontal default cascade, minimum face 60 px as the avatar builder asks) on the same photos and variants. The truth
/// for a variant is the original's landmarks carried through its transform: a face is found when a box holds the nose
/// tip and is 0.5-2.5 times as wide as the landmarks' span.
/// </summary>
[Collection(FacesCollection.Name)]
public sealed class DetectorMissRateTests(FacesFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Hog_misses_fewer_faces_than_the_haar_cascade_on_the_variants()
    {
        var truth = fixture.Photos.ToDictionary(p => p.Name.Split(' ')[0], p => fixture.Predictor.Predict(p.Image, fixture.Detector.Detect(p.Image)[0].Box));
        using var upsampling = new HogFaceDetector(new HogFaceDetectorOptions { Upsample = 1 });
        int hogMisses = 0, hogUpMisses = 0, haarMisses = 0, hogFalse = 0, hogUpFalse = 0, haarFalse = 0;
        output.WriteLine("variant | HOG | HOG upsample 1 | Haar");
        foreach (TestPhoto photo in fixture.Variants)
        {
            Vector2[] points = [.. truth[photo.Name.Split(' ')[0]].Select(photo.Transform.Apply)];
            string png = fixture.NewPath("png");
            PngWriter.WriteBgrx(png, photo.Bgrx, photo.Width, photo.Height);
            IReadOnlyList<FaceBox> haar = VideoFileDecoder.Decode(png, new VideoDecodeOptions { DetectFaces = true }).Frames[0].Faces ?? [];
            (bool hogHit, int hogExtra) = Score(points, [.. fixture.Detector.Detect(photo.Image).Select(d => d.Box)]);
            (bool upHit, int upExtra) = Score(points, [.. upsampling.Detect(photo.Image).Select(d => d.Box)]);
            (bool haarHit, int haarExtra) = Score(points, haar);
            hogMisses += hogHit ? 0 : 1;
            hogUpMisses += upHit ? 0 : 1;
            haarMisses += haarHit ? 0 : 1;
            (hogFalse, hogUpFalse, haarFalse) = (hogFalse + hogExtra, hogUpFalse + upExtra, haarFalse + haarExtra);
            output.WriteLine($"{photo.Name} | {Cell(hogHit, hogExtra)} | {Cell(upHit, upExtra)} | {Cell(haarHit, haarExtra)}");
        }

        int n = fixture.Variants.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"misses of {n}: HOG {hogMisses} ({100.0 * hogMisses / n:F0} %), HOG upsample 1 {hogUpMisses} ({100.0 * hogUpMisses / n:F0} %), Haar {haarMisses} ({100.0 * haarMisses / n:F0} %); " +
            $"false boxes: HOG {hogFalse}, HOG upsample 1 {hogUpFalse}, Haar {haarFalse}"));
        Assert.True(hogMisses < haarMisses, $"HOG missed {hogMisses}, Haar {haarMisses}");
        Assert.True(hogUpMisses <= hogMisses, $"upsampling missed {hogUpMisses}, without {hogMisses}");
    }

    private static string Cell(bool hit, int extra) => (hit ? "found" : "MISSED") + (extra > 0 ? $" +{extra} false" : string.Empty);

    private static (bool Hit, int Extra) Score(Vector2[] points, IReadOnlyList<FaceBox> boxes)
    {
        Vector2 nose = points[30];
        float span = points.Max(p => p.X) - points.Min(p => p.X);
        int hits = boxes.Count(b => nose.X >= b.X && nose.X < b.Right && nose.Y >= b.Y && nose.Y < b.Bottom && b.Width >= 0.5 * span && b.Width <= 2.5 * span);
        return (hits > 0, boxes.Count - Math.Min(hits, 1));
    }
}
