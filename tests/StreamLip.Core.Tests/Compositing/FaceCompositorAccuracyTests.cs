using StreamLip.Avatars;
using StreamLip.Compositing;

namespace StreamLip.Core.Tests.Compositing;

/// <summary>Resize and blend against the per-pixel reference, and the SIMD paths against the scalar one.</summary>
public sealed class FaceCompositorAccuracyTests
{
    public static TheoryData<int, int, int> Sizes => new()
    {
        { 96, 260, 260 },
        { 96, 40, 41 },
        { 96, 97, 133 },
        { 256, 333, 301 },
        { 288, 600, 580 },
        { 288, 100, 90 },   // downscale
        { 96, 1, 1 },       // degenerate box
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void AllPaths_AgreeWithEachOther_AndWithTheReference(int faceSize, int boxWidth, int boxHeight)
    {
        const int width = 800;
        const int height = 700;
        const int stride = (4 * width) + 12;
        float[] crop = TestImages.RandomCrop(faceSize, seed: faceSize + boxWidth);
        byte[] original = TestImages.RandomFrame(width, height, stride, seed: boxHeight);
        var box = new FaceBox(37, 51, boxWidth, boxHeight);
        byte[] reference = (byte[])original.Clone();
        ReferencePaste.Paste(crop, faceSize, box, reference, width, height, stride, new FeatherMask());

        int maxOffByOne = 2 + (3 * boxWidth * boxHeight / 1000);
        byte[]? scalar = null;
        foreach (BlendPath path in Enum.GetValues<BlendPath>())
        {
            byte[] frame = (byte[])original.Clone();
            using var compositor = new FaceCompositor(64, 64, null, path);
            compositor.Paste(crop, faceSize, box, frame, width, height, stride);

            AssertWithinOne(reference, frame, maxOffByOne, $"{path} vs reference");
            if (scalar is null)
            {
                scalar = frame;
            }
            else
            {
                AssertWithinOne(scalar, frame, maxOffByOne, $"{path} vs scalar");
            }
        }
    }

    [Theory]
    [InlineData(nameof(BlendPath.Scalar), 96, 260, 200)]
    [InlineData(nameof(BlendPath.Vector256), 96, 260, 200)]
    [InlineData(nameof(BlendPath.Vector128), 288, 100, 131)]
    public void BilinearOfALinearRamp_IsLinear(string path, int faceSize, int boxWidth, int boxHeight)
    {
        // Blue ramps along x, green along y, over the whole [0, 1]; a mask of weight 1 everywhere shows the resize alone.
        int plane = faceSize * faceSize;
        float[] crop = new float[3 * plane];
        for (int i = 0; i < faceSize; i++)
        {
            for (int j = 0; j < faceSize; j++)
            {
                crop[(i * faceSize) + j] = j / (faceSize - 1f);
                crop[plane + (i * faceSize) + j] = i / (faceSize - 1f);
                crop[(2 * plane) + (i * faceSize) + j] = 0.25f;
            }
        }

        var opaque = new FeatherMask { LowerFaceStart = 0f, LowerFaceEnd = 1e-4f, EdgeFeather = 0f };
        const int width = 300;
        const int height = 300;
        byte[] frame = TestImages.RandomFrame(width, height, 4 * width, seed: 9);
        var box = new FaceBox(10, 20, boxWidth, boxHeight);
        using var compositor = new FaceCompositor(64, 64, opaque, Enum.Parse<BlendPath>(path));

        compositor.Paste(crop, faceSize, box, frame, width, height, 4 * width);

        // cv2 half-pixel mapping, clamped at the ends: the ramp's value at a box pixel is its mapped position.
        double Expected(int i, int boxSize) =>
            255.0 * Math.Clamp(((i + 0.5) * faceSize / boxSize) - 0.5, 0, faceSize - 1) / (faceSize - 1);
        for (int by = 0; by < boxHeight; by++)
        {
            for (int bx = 0; bx < boxWidth; bx++)
            {
                int o = ((box.Y + by) * 4 * width) + (4 * (box.X + bx));
                Assert.InRange(frame[o] - Expected(bx, boxWidth), -1.0, 1.0);
                Assert.InRange(frame[o + 1] - Expected(by, boxHeight), -1.0, 1.0);
                Assert.InRange(frame[o + 2], 63, 64); // 0.25 · 255 = 63.75
            }
        }
    }

    // Rounding ties may fall either way between float and double, so a few bytes may differ by one; a systematic
    // error (truncating instead of rounding, a shifted tap) makes far more than 0.1 % of the pasted bytes differ.
    private static void AssertWithinOne(byte[] expected, byte[] actual, int maxOffByOne, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int worst = 0;
        int at = -1;
        int offByOne = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            int d = Math.Abs(expected[i] - actual[i]);
            offByOne += d == 1 ? 1 : 0;
            if (d > worst)
            {
                worst = d;
                at = i;
            }
        }

        Assert.True(worst <= 1, $"{what}: {worst} LSB apart at byte {at}");
        Assert.True(offByOne <= maxOffByOne, $"{what}: {offByOne} bytes off by one, more than {maxOffByOne}");
    }
}
