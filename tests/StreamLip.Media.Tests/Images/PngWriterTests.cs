using StreamLip.Media.Images;
using StreamLip.Media.Tests.Video;
using StreamLip.Media.Video;

namespace StreamLip.Media.Tests.Images;

[Collection(GStreamerCollection.Name)]
public sealed class PngWriterTests(GStreamerFixture fixture)
{
    [Fact]
    public void A_PNG_round_trips_every_pixel()
    {
        const int W = 67, H = 45;
        byte[] image = new byte[W * H * 4];
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                int p = ((y * W) + x) * 4;
                image[p] = (byte)(x * 3);
                image[p + 1] = (byte)(y * 5);
                image[p + 2] = (byte)((x * y) % 256);
                image[p + 3] = 255;
            }
        }

        string path = fixture.NewPath("png");
        PngWriter.WriteBgrx(path, image, W, H);

        DecodedVideo back = VideoFileDecoder.Decode(path);
        Assert.Equal((W, H), (back.Width, back.Height));
        byte[] pixels = Assert.Single(back.Frames).Bgrx;
        for (int p = 0; p < image.Length; p += 4)
        {
            Assert.Equal((image[p], image[p + 1], image[p + 2]), (pixels[p], pixels[p + 1], pixels[p + 2]));
        }

        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void Encoded_bytes_are_the_same_PNG_and_leave_no_file_behind()
    {
        DecodedVideo original = VideoFileDecoder.Decode(fixture.AstronautPng);
        int before = Directory.GetFiles(Path.GetTempPath(), "streamlip-*.png").Length;

        byte[] png = PngWriter.EncodeBgrx(original.Frames[0].Bgrx, original.Width, original.Height);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        string path = fixture.NewPath("png");
        File.WriteAllBytes(path, png);
        Assert.Equal(0, VideoFileDecoderTests.MeanAbsoluteDifference(original.Frames[0].Bgrx, VideoFileDecoder.Decode(path).Frames[0].Bgrx));
        Assert.Equal(before, Directory.GetFiles(Path.GetTempPath(), "streamlip-*.png").Length);
    }

    [Fact]
    public void The_astronaut_survives_a_decode_and_PNG_write()
    {
        DecodedVideo original = VideoFileDecoder.Decode(fixture.AstronautPng);
        string path = fixture.NewPath("png");

        PngWriter.WriteBgrx(path, original.Frames[0].Bgrx, original.Width, original.Height);

        Assert.Equal(0, VideoFileDecoderTests.MeanAbsoluteDifference(original.Frames[0].Bgrx, VideoFileDecoder.Decode(path).Frames[0].Bgrx));
    }

    [Fact]
    public void Wrong_sizes_and_missing_folders_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PngWriter.WriteBgrx(fixture.NewPath("png"), new byte[10], 2, 2));

        string path = Path.Combine(fixture.WorkDirectory, "missing", "x.png");
        var e = Assert.Throws<IOException>(() => PngWriter.WriteBgrx(path, new byte[16], 2, 2));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }
}
