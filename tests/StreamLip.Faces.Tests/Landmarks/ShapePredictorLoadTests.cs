using System.Numerics;
using StreamLip.Avatars;
using StreamLip.Faces.Images;
using StreamLip.Faces.Landmarks;

namespace StreamLip.Faces.Tests.Landmarks;

/// <summary>Bad model files and bad arguments: each gets a clear error that names what is wrong.</summary>
[Collection(FacesCollection.Name)]
public sealed class ShapePredictorLoadTests(FacesFixture fixture)
{
    [Fact]
    public void A_missing_file_is_named()
    {
        string path = fixture.NewPath("dat");
        var e = Assert.Throws<FaceModelException>(() => ShapePredictor.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_file_is_reported_as_truncated()
    {
        string path = Write([]);
        var e = Assert.Throws<FaceModelException>(() => ShapePredictor.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("ends in the middle of a value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_copy_of_the_real_model_names_the_byte_where_it_ends()
    {
        byte[] head = new byte[1 << 20];
        using (FileStream real = File.OpenRead(ShapePredictor.DefaultModelPath))
        {
            real.ReadExactly(head);
        }

        var e = Assert.Throws<FaceModelException>(() => ShapePredictor.Load(Write(head)));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Matches(@"at byte 10485\d\d", e.Message);
    }

    [Fact]
    public void Another_version_is_refused()
    {
        // dlib's int 2: control byte 1 (one magnitude byte), then 2.
        var e = Assert.Throws<FaceModelException>(() => ShapePredictor.Load(Write([0x01, 0x02])));
        Assert.Contains("version 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_file_is_not_a_model()
    {
        var e = Assert.Throws<FaceModelException>(() => ShapePredictor.Load(Write("{\"not\": \"a model\"}"u8.ToArray())));
        Assert.Contains("not a readable dlib shape predictor", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_split_index_is_caught_at_load()
    {
        // A one-part shape, one cascade of one tree with one split naming feature pixel 5, but only 1 feature pixel.
        byte[] model =
        [
            0x01, 0x01,                         // version 1
            0x81, 0x02, 0x81, 0x01,             // initial_shape: -2 rows, -1 column (newer format)
            0x01, 0x00, 0x01, 0x00,             //   0.0 (mantissa 0, exponent 0)
            0x01, 0x00, 0x01, 0x00,             //   0.0
            0x01, 0x01,                         // 1 cascade
            0x01, 0x01,                         //   1 tree
            0x01, 0x01,                         //     1 split
            0x01, 0x05, 0x01, 0x00,             //       idx1 5, idx2 0
            0x01, 0x00, 0x01, 0x00,             //       thresh 0
            0x01, 0x02,                         //     2 leaves
            0x81, 0x02, 0x81, 0x01, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00,
            0x81, 0x02, 0x81, 0x01, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00,
            0x01, 0x01, 0x01, 0x01, 0x01, 0x00, // anchor_idx: 1 cascade of 1 anchor, 0
            0x01, 0x01, 0x01, 0x01,             // deltas: 1 cascade of 1 delta
            0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00,
        ];
        var e = Assert.Throws<FaceModelException>(() => ShapePredictor.Load(Write(model)));
        Assert.Contains("names feature pixel 5; the cascade has 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minimal_valid_model_loads_and_predicts_its_mean_shape()
    {
        // The same one-part model with a valid split (idx1 0): no leaf moves the point, so it stays at the mean (0.5, 0.5).
        byte[] model =
        [
            0x01, 0x01, 0x81, 0x02, 0x81, 0x01,
            0x01, 0x01, 0x81, 0x01,             // 0.5 = 1 · 2^-1
            0x01, 0x01, 0x81, 0x01,
            0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
            0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00,
            0x01, 0x02,
            0x81, 0x02, 0x81, 0x01, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00,
            0x81, 0x02, 0x81, 0x01, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00,
            0x01, 0x01, 0x01, 0x01, 0x01, 0x00,
            0x01, 0x01, 0x01, 0x01,
            0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x01, 0x00,
        ];
        var predictor = ShapePredictor.Load(Write(model));
        Assert.Equal(1, predictor.PartCount);
        byte[] gray = new byte[100 * 100];
        Vector2[] points = predictor.Predict(new FaceImage(gray, 100, 100, 100, FacePixelFormat.Gray8), new FaceBox(10, 20, 41, 61));
        Assert.Equal(new Vector2(30, 50), points[0]);
    }

    [Fact]
    public void Bad_images_are_refused_with_their_sizes()
    {
        byte[] pixels = new byte[64 * 64 * 4];
        Assert.Contains("at least 1×1", Assert.Throws<ArgumentException>(() => new FaceImage(pixels, 0, 64, 256, FacePixelFormat.Bgrx32)).Message, StringComparison.Ordinal);
        Assert.Contains("shorter than a row", Assert.Throws<ArgumentException>(() => new FaceImage(pixels, 64, 64, 200, FacePixelFormat.Bgrx32)).Message, StringComparison.Ordinal);
        Assert.Contains("needs 16384 bytes; 16383 were given", Assert.Throws<ArgumentException>(() => new FaceImage(pixels.AsSpan(1), 64, 64, 256, FacePixelFormat.Bgrx32)).Message, StringComparison.Ordinal);
        Assert.Contains("Unknown pixel format 7", Assert.Throws<ArgumentException>(() => new FaceImage(pixels, 8, 8, 64, (FacePixelFormat)7)).Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => fixture.Predictor.Predict(default, new FaceBox(0, 0, 10, 10))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_boxes_and_destinations_are_refused()
    {
        byte[] pixels = new byte[64 * 64 * 4];
        ShapePredictor predictor = fixture.Predictor;
        Assert.Contains("at least 2×2", Assert.Throws<ArgumentException>(() => predictor.Predict(FaceImage.FromBgrx(pixels, 64, 64), new FaceBox(5, 5, 1, 10))).Message, StringComparison.Ordinal);
        Assert.Contains("wholly outside", Assert.Throws<ArgumentException>(() => predictor.Predict(FaceImage.FromBgrx(pixels, 64, 64), new FaceBox(64, 0, 10, 10))).Message, StringComparison.Ordinal);
        Assert.Contains("wholly outside", Assert.Throws<ArgumentException>(() => predictor.Predict(FaceImage.FromBgrx(pixels, 64, 64), new FaceBox(-10, -10, 10, 10))).Message, StringComparison.Ordinal);
        Assert.Contains("gives 68 points; the destination holds 67", Assert.Throws<ArgumentException>(
            () => predictor.Predict(FaceImage.FromBgrx(pixels, 64, 64), new FaceBox(0, 0, 32, 32), new Vector2[67])).Message, StringComparison.Ordinal);
    }

    private string Write(byte[] bytes)
    {
        string path = fixture.NewPath("dat");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
