using System.Globalization;
using StreamLip.Media.Video;
using Xunit.Abstractions;

namespace StreamLip.Media.Tests.Video;

/// <summary>
/// The BGRx → I420 converter against GStreamer's videoconvert (real and synthetic frames) and against a naive
/// reference written here from the formulas (every path, odd widths, padded strides, the padding left alone).
/// </summary>
[Collection(GStreamerCollection.Name)]
public sealed class I420ConverterTests(GStreamerFixture fixture, ITestOutputHelper output)
{
    /// <summary>Marks bytes the converter must not write (row padding, the end of the buffer).</summary>
    private const byte Untouched = 0xA5;

    /// <summary>
    /// The largest difference from videoconvert allowed per plane. The converter does videoconvert's integer
    /// arithmetic, so it is 0 with GStreamer 1.22 (measured); 1 leaves room for a GStreamer that rounds differently.
    /// </summary>
    private const int VideoconvertTolerance = 1;

    [Fact]
    public void The_matrices_are_videoconverts_integer_ones()
    {
        Assert.Equal(
            (66, 129, 25, -38, -74, 112, 112, -94, -18),
            Coefficients(I420Matrix.Bt601));
        Assert.Equal(
            (47, 157, 16, -26, -87, 112, 112, -102, -10),
            Coefficients(I420Matrix.Bt709));
    }

    [Theory]
    [InlineData(2, "bt601")]
    [InlineData(576, "bt601")]
    [InlineData(578, "bt709")]
    [InlineData(2158, "bt709")]
    [InlineData(4320, "bt709")]
    public void The_matrix_follows_the_height_as_gstreamer_defaults_it(int height, string colorimetry)
    {
        Assert.Equal(colorimetry, I420Matrix.ForHeight(height).Colorimetry);
        Assert.Contains($"colorimetry={colorimetry},", I420Converter.Caps(64, height, 25), StringComparison.Ordinal);
    }

    [Fact]
    public void The_layout_is_gstreamers_default_one()
    {
        Assert.Equal(new I420Layout(512, 512, 512, 256, 262_144, 327_680, 393_216), I420Layout.For(512, 512));

        // 50-pixel chroma rows are padded to 52 bytes.
        Assert.Equal(new I420Layout(100, 50, 100, 52, 5000, 6300, 7600), I420Layout.For(100, 50));
        Assert.Equal(new I420Layout(6, 2, 8, 4, 16, 20, 24), I420Layout.For(6, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => I420Layout.For(101, 50));
        Assert.Throws<ArgumentOutOfRangeException>(() => I420Layout.For(100, 0));
    }

    [Theory]
    [InlineData(nameof(I420Path.Scalar), 2, 2, 0)]
    [InlineData(nameof(I420Path.Vector128), 2, 2, 0)]
    [InlineData(nameof(I420Path.Vector256), 2, 2, 0)]
    [InlineData(nameof(I420Path.Vector128), 30, 4, 4)]
    [InlineData(nameof(I420Path.Vector256), 30, 4, 4)]
    [InlineData(nameof(I420Path.Vector128), 34, 6, 12)]
    [InlineData(nameof(I420Path.Vector256), 50, 6, 12)]
    [InlineData(nameof(I420Path.Scalar), 100, 50, 20)]
    [InlineData(nameof(I420Path.Vector128), 100, 50, 20)]
    [InlineData(nameof(I420Path.Vector256), 100, 50, 20)]
    [InlineData(nameof(I420Path.Vector256), 1280, 8, 0)]
    [InlineData(nameof(I420Path.Vector128), 48, 580, 8)]
    [InlineData(nameof(I420Path.Vector256), 96, 580, 0)]
    [InlineData(nameof(I420Path.Vector256), 66, 2160, 4)]
    public void Every_path_matches_the_reference_bit_for_bit_and_leaves_the_padding_alone(string path, int width, int height, int padding)
    {
        int stride = (4 * width) + padding;
        byte[] bgrx = TestFrames.Synthetic(width, height, stride, seed: width + height);
        var converter = new I420Converter(width, height, Enum.Parse<I420Path>(path));
        byte[] actual = new byte[converter.Layout.Size + 64];
        Array.Fill(actual, Untouched);

        converter.Convert(bgrx, stride, actual);

        byte[] expected = new byte[actual.Length];
        Array.Fill(expected, Untouched);
        NaiveI420(bgrx, stride, converter.Layout, converter.Matrix, expected);
        int i = actual.AsSpan().CommonPrefixLength(expected);
        Assert.True(
            i == actual.Length,
            i < actual.Length ? $"{path} {width}×{height} (stride {stride}): byte {i} ({Where(converter.Layout, i)}) is {actual[i]}, the reference {expected[i]}." : "");
    }

    [Fact]
    public void Every_path_matches_videoconvert_on_the_avatars_frames()
    {
        const int Side = TestFrames.AvatarSide;
        byte[] all = File.ReadAllBytes(TestFrames.AvatarFramesPath());
        int frameBytes = Side * Side * 4;
        Assert.Equal(50, all.Length / frameBytes);
        byte[] reference = Videoconvert(all, Side, Side);

        foreach (I420Path path in Enum.GetValues<I420Path>())
        {
            var converter = new I420Converter(Side, Side, path);
            byte[] i420 = new byte[converter.Layout.Size];
            var worst = (Y: 0, U: 0, V: 0);
            for (int f = 0; f < all.Length / frameBytes; f++)
            {
                converter.Convert(all.AsSpan(f * frameBytes, frameBytes), i420);
                (int y, int u, int v) = MaxDifference(i420, reference.AsSpan(f * converter.Layout.Size, converter.Layout.Size), converter.Layout);
                worst = (Math.Max(worst.Y, y), Math.Max(worst.U, u), Math.Max(worst.V, v));
            }

            output.WriteLine($"{path} ({converter.Path}): 50 avatar frames, largest difference from videoconvert Y {worst.Y}, U {worst.U}, V {worst.V}");
            Assert.InRange(Math.Max(worst.Y, Math.Max(worst.U, worst.V)), 0, VideoconvertTolerance);
        }
    }

    [Theory]
    [InlineData(512, 512)]
    [InlineData(1280, 720)]
    [InlineData(100, 50)]
    [InlineData(66, 2160)]
    public void Every_path_matches_videoconvert_on_bars_ramps_and_noise(int width, int height)
    {
        byte[] bgrx = TestFrames.Synthetic(width, height, 4 * width, seed: 7);
        byte[] reference = Videoconvert(bgrx, width, height);

        foreach (I420Path path in Enum.GetValues<I420Path>())
        {
            var converter = new I420Converter(width, height, path);
            Assert.Equal(converter.Layout.Size, reference.Length);
            byte[] i420 = new byte[converter.Layout.Size];
            converter.Convert(bgrx, i420);
            (int y, int u, int v) = MaxDifference(i420, reference, converter.Layout);

            output.WriteLine($"{path} {width}×{height} ({converter.Matrix.Colorimetry}): largest difference from videoconvert Y {y}, U {u}, V {v}");
            Assert.InRange(Math.Max(y, Math.Max(u, v)), 0, VideoconvertTolerance);
        }
    }

    [Fact]
    public void Buffers_of_the_wrong_size_and_odd_sides_are_refused()
    {
        var converter = new I420Converter(16, 8);

        ArgumentException wrong = Assert.Throws<ArgumentException>(() => converter.Convert(new byte[(16 * 8 * 4) - 4], new byte[converter.Layout.Size]));
        Assert.Contains("512 bytes", wrong.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => converter.Convert(new byte[16 * 8 * 4], new byte[converter.Layout.Size - 1]));
        Assert.Throws<ArgumentException>(() => converter.Convert(new byte[16 * 8 * 4], 60, new byte[converter.Layout.Size]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new I420Converter(15, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new I420Converter(16, 7));
    }

    private static (int, int, int, int, int, int, int, int, int) Coefficients(I420Matrix m) =>
        (m.YR, m.YG, m.YB, m.UR, m.UG, m.UB, m.VR, m.VG, m.VB);

    /// <summary>
    /// The formulas, one output sample at a time: Y = (YR·R + YG·G + YB·B + 16·256) &gt;&gt; 8 per pixel; Cb and Cr the
    /// same with 128·256 per pixel, then averaged down each column pair and across, rounding half up.
    /// </summary>
    private static void NaiveI420(byte[] bgrx, int stride, I420Layout l, I420Matrix m, byte[] i420)
    {
        int Sample(int x, int y, int r, int g, int b, int offset)
        {
            int o = (y * stride) + (4 * x);
            return ((r * bgrx[o + 2]) + (g * bgrx[o + 1]) + (b * bgrx[o]) + offset) >> 8;
        }

        int Chroma(int cx, int cy, int r, int g, int b)
        {
            int left = (Sample(2 * cx, 2 * cy, r, g, b, 32768) + Sample(2 * cx, (2 * cy) + 1, r, g, b, 32768) + 1) >> 1;
            int right = (Sample((2 * cx) + 1, 2 * cy, r, g, b, 32768) + Sample((2 * cx) + 1, (2 * cy) + 1, r, g, b, 32768) + 1) >> 1;
            return (left + right + 1) >> 1;
        }

        for (int y = 0; y < l.Height; y++)
        {
            for (int x = 0; x < l.Width; x++)
            {
                i420[(y * l.YStride) + x] = (byte)Sample(x, y, m.YR, m.YG, m.YB, 4096);
            }
        }

        for (int cy = 0; cy < l.Height / 2; cy++)
        {
            for (int cx = 0; cx < l.Width / 2; cx++)
            {
                i420[l.UOffset + (cy * l.ChromaStride) + cx] = (byte)Chroma(cx, cy, m.UR, m.UG, m.UB);
                i420[l.VOffset + (cy * l.ChromaStride) + cx] = (byte)Chroma(cx, cy, m.VR, m.VG, m.VB);
            }
        }
    }

    /// <summary>The largest absolute difference per plane, over the pixels only (not the row padding).</summary>
    private static (int Y, int U, int V) MaxDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, I420Layout l)
    {
        int Plane(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int offset, int stride, int width, int rows)
        {
            int max = 0;
            for (int row = 0; row < rows; row++)
            {
                for (int x = 0; x < width; x++)
                {
                    int i = offset + (row * stride) + x;
                    max = Math.Max(max, Math.Abs(a[i] - b[i]));
                }
            }

            return max;
        }

        return (
            Plane(a, b, 0, l.YStride, l.Width, l.Height),
            Plane(a, b, l.UOffset, l.ChromaStride, l.Width / 2, l.Height / 2),
            Plane(a, b, l.VOffset, l.ChromaStride, l.Width / 2, l.Height / 2));
    }

    private static string Where(I420Layout l, int i) =>
        i >= l.Size ? "past the frame"
        : i >= l.VOffset ? $"V row {(i - l.VOffset) / l.ChromaStride}, column {(i - l.VOffset) % l.ChromaStride}"
        : i >= l.UOffset ? $"U row {(i - l.UOffset) / l.ChromaStride}, column {(i - l.UOffset) % l.ChromaStride}"
        : $"Y row {i / l.YStride}, column {i % l.YStride}";

    /// <summary>Packed BGRx frames through GStreamer's own <c>videoconvert</c> to I420 with its defaults (no colorimetry asked for).</summary>
    private byte[] Videoconvert(byte[] frames, int width, int height)
    {
        string input = fixture.NewPath("bgrx");
        string result = fixture.NewPath("i420");
        File.WriteAllBytes(input, frames);
        GStreamerFixture.RunLaunch(string.Create(
            CultureInfo.InvariantCulture,
            $"filesrc location=\"{input}\" ! rawvideoparse format=bgrx width={width} height={height} framerate=25/1 " +
            $"! videoconvert ! video/x-raw,format=I420 ! filesink location=\"{result}\""));
        return File.ReadAllBytes(result);
    }
}
