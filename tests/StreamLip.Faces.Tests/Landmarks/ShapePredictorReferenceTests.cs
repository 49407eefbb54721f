using System.Globalization;
using System.Numerics;
using StreamLip.Avatars;
using StreamLip.Faces.Detection;
using StreamLip.Faces.Landmarks;
using StreamLip.Faces.Tests.TestData;
using StreamLip.Tests.Shared.Allocations;
using Xunit.Abstractions;

namespace StreamLip.Faces.Tests.Landmarks;

/// <summary>StreamLip's managed predictor against dlib's own, on the same pixels and the same boxes.</summary>
[Collection(FacesCollection.Name)]
public sealed class ShapePredictorReferenceTests(FacesFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Points_agree_with_dlib_on_every_photo_variant_and_box()
    {
        var rounded = new List<double>();
        var unrounded = new List<double>();
        int faces = 0;
        foreach (TestPhoto photo in fixture.Variants)
        {
            List<FaceBox> boxes = [.. fixture.Detector.Detect(photo.Image).Select(d => d.Box)];
            if (photo.Transform == PhotoTransform.Identity(photo.Width, photo.Height) && boxes.Count > 0)
            {
                // Boxes no detector drew: shifted, enlarged, and one reaching past the image's corner (pixels outside read 0).
                FaceBox b = boxes[0];
                boxes.Add(b with { X = b.X + 7, Y = b.Y - 5 });
                boxes.Add(new FaceBox(b.X - (b.Width / 10), b.Y - (b.Height / 10), b.Width * 6 / 5, b.Height * 6 / 5));
                boxes.Add(new FaceBox(-b.Width / 3, -b.Height / 3, b.Width, b.Height));
            }

            if (boxes.Count == 0)
            {
                continue;
            }

            IReadOnlyList<(int X, int Y)[]> reference = fixture.Reference.Landmarks(fixture.Predictor.ModelPath, photo, boxes);
            for (int k = 0; k < boxes.Count; k++)
            {
                Vector2[] ours = fixture.Predictor.Predict(photo.Image, boxes[k]);
                Assert.Equal(reference[k].Length, ours.Length);
                double worst = 0;
                for (int i = 0; i < ours.Length; i++)
                {
                    var theirs = new Vector2(reference[k][i].X, reference[k][i].Y);
                    // dlib rounds its points to whole pixels (floor(v + 0.5)); ours are kept unrounded.
                    var oursRounded = new Vector2(MathF.Floor(ours[i].X + 0.5f), MathF.Floor(ours[i].Y + 0.5f));
                    rounded.Add(Vector2.Distance(oursRounded, theirs));
                    unrounded.Add(Vector2.Distance(ours[i], theirs));
                    worst = Math.Max(worst, rounded[^1]);
                }

                faces++;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{photo.Name}, box {boxes[k]}: worst point {worst:F2} px"));
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{faces} faces, {rounded.Count} points: rounded like dlib mean {rounded.Average():F4} px max {rounded.Max():F2} px; " +
            $"unrounded mean {unrounded.Average():F3} px max {unrounded.Max():F3} px"));
        Assert.True(faces >= 20, $"only {faces} faces were compared");
        Assert.True(rounded.Average() <= 0.5 && rounded.Max() <= 2, $"rounded points: mean {rounded.Average():F3} px, max {rounded.Max():F2} px");
        Assert.True(unrounded.Average() <= 0.5 && unrounded.Max() <= 2, $"unrounded points: mean {unrounded.Average():F3} px, max {unrounded.Max():F2} px");
    }

    [Fact]
    public void Gray_rgb_and_bgrx_views_of_the_same_pixels_give_the_same_points()
    {
        TestPhoto photo = fixture.Photos[0];
        FaceBox box = fixture.Detector.Detect(photo.Image)[0].Box;
        int n = photo.Width * photo.Height;
        byte[] gray = new byte[n];
        byte[] rgb = new byte[n * 3];
        for (int i = 0; i < n; i++)
        {
            byte b = photo.Bgrx[4 * i], g = photo.Bgrx[(4 * i) + 1], r = photo.Bgrx[(4 * i) + 2];
            gray[i] = (byte)((r + g + b) / 3);
            (rgb[3 * i], rgb[(3 * i) + 1], rgb[(3 * i) + 2]) = (r, g, b);
        }

        Vector2[] fromBgrx = fixture.Predictor.Predict(photo.Image, box);
        Assert.Equal(fromBgrx, fixture.Predictor.Predict(new Images.FaceImage(gray, photo.Width, photo.Height, photo.Width, Images.FacePixelFormat.Gray8), box));
        Assert.Equal(fromBgrx, fixture.Predictor.Predict(new Images.FaceImage(rgb, photo.Width, photo.Height, photo.Width * 3, Images.FacePixelFormat.Rgb24), box));
    }

    [Fact]
    public void Vectorised_and_scalar_leaf_sums_give_identical_points()
    {
        foreach (TestPhoto photo in fixture.Photos)
        {
            FaceBox box = fixture.Detector.Detect(photo.Image)[0].Box;
            var vectorised = new Vector2[fixture.Predictor.PartCount];
            var scalar = new Vector2[fixture.Predictor.PartCount];
            fixture.Predictor.Predict(photo.Image, box, vectorised, vectorized: true);
            fixture.Predictor.Predict(photo.Image, box, scalar, vectorized: false);
            Assert.Equal(scalar, vectorised);
        }
    }

    [Fact]
    public void A_call_allocates_nothing_once_warm()
    {
        TestPhoto photo = fixture.Photos[1];
        FaceBox box = fixture.Detector.Detect(photo.Image)[0].Box;
        var points = new Vector2[fixture.Predictor.PartCount];

        SteadyState.AssertAllocatesNothing(() => fixture.Predictor.Predict(photo.Image, box, points), 20);
    }

    [Fact]
    public void Threads_sharing_one_predictor_get_the_same_points_as_one_thread()
    {
        TestPhoto[] photos = [.. fixture.Variants.Take(6)];
        FaceBox[] boxes = [.. photos.Select(p => new FaceBox(p.Width / 4, p.Height / 6, p.Width / 2, p.Width / 2))];
        Vector2[][] alone = [.. photos.Select((p, i) => fixture.Predictor.Predict(p.Image, boxes[i]))];
        var together = new Vector2[photos.Length * 4][];
        Parallel.For(0, together.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
            together[k] = fixture.Predictor.Predict(photos[k % photos.Length].Image, boxes[k % photos.Length]));
        for (int k = 0; k < together.Length; k++)
        {
            Assert.Equal(alone[k % photos.Length], together[k]);
        }
    }

    [Fact]
    public void The_iBUG_model_has_68_points_in_15_cascades_of_500_depth_4_trees_on_500_pixels()
    {
        ShapePredictor predictor = fixture.Predictor;
        Assert.Equal(68, predictor.PartCount);
        Assert.Equal(15, predictor.CascadeCount);
        Assert.Equal(7500, predictor.TreeCount);
        Assert.Equal(ShapePredictor.DefaultModelPath, predictor.ModelPath);
        Assert.All(predictor.Cascades, c =>
        {
            Assert.Equal(500, c.FeatureCount);
            Assert.All(c.SplitCount, n => Assert.Equal(15, n));
            Assert.Equal(500 * 16 * 136, c.Leaves.Length);
        });
    }

    [Fact]
    public void Points_lie_on_the_face_the_detector_found()
    {
        foreach (TestPhoto photo in fixture.Photos)
        {
            FaceDetection face = fixture.Detector.Detect(photo.Image)[0];
            Vector2[] points = fixture.Predictor.Predict(photo.Image, face.Box);
            FaceBox b = face.Box;
            // Eyes above the nose tip above the mouth, the mouth between the jaw's ends, all near the box.
            Assert.True(points[36].Y < points[30].Y && points[45].Y < points[30].Y && points[30].Y < points[62].Y, photo.Name);
            Assert.True(points[0].X < points[48].X && points[54].X < points[16].X, photo.Name);
            Assert.All(points, p => Assert.True(
                p.X > b.X - (b.Width / 4) && p.X < b.Right + (b.Width / 4) && p.Y > b.Y - (b.Height / 4) && p.Y < b.Bottom + (b.Height / 4),
                $"{photo.Name}: point {p} far outside the box {b}"));
        }
    }
}
