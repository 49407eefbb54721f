using StreamLip.Avatars;
using StreamLip.Compositing;

namespace StreamLip.Core.Tests.Compositing;

/// <summary>What the mask promises: upper face and surroundings untouched, lower face replaced, no visible edge.</summary>
public sealed class FaceCompositorMaskTests
{
    private const int Width = 1280;
    private const int Height = 720;

    [Theory]
    [InlineData(nameof(BlendPath.Scalar))]
    [InlineData(nameof(BlendPath.Vector128))]
    [InlineData(nameof(BlendPath.Vector256))]
    public void UpperFace_BoxBorder_OutsideTheBox_AndXBytes_AreBitExact(string path)
    {
        const int stride = (4 * Width) + 32;
        byte[] original = TestImages.RandomFrame(Width, Height, stride, seed: 1);
        byte[] frame = (byte[])original.Clone();
        float[] crop = TestImages.RandomCrop(96, seed: 2);
        var box = new FaceBox(500, 200, 260, 260);
        using var compositor = new FaceCompositor(300, 300, null, Enum.Parse<BlendPath>(path));

        compositor.Paste(crop, 96, box, frame, Width, Height, stride);

        int changed = 0;
        for (int y = 0; y < Height; y++)
        {
            for (int i = 0; i < stride; i++)
            {
                int o = (y * stride) + i;
                int x = i / 4;
                int by = y - box.Y;
                int bx = x - box.X;
                bool mayChange = i < 4 * Width && i % 4 != 3
                    && bx > 0 && bx < box.Width - 1 && by < box.Height - 1 && (by + 0.5) / box.Height > 0.45;
                if (!mayChange)
                {
                    Assert.True(original[o] == frame[o], $"byte {i % 4} of ({x}, {y}) changed");
                }
                else if (original[o] != frame[o])
                {
                    changed++;
                }
            }
        }

        // The lower face really was pasted: most of its bytes differ from the random frame.
        Assert.True(changed > 3 * 200 * 100, $"only {changed} bytes changed");
    }

    [Theory]
    [InlineData(nameof(BlendPath.Scalar))]
    [InlineData(nameof(BlendPath.Vector256))]
    public void LowerFaceCentre_IsTheGeneratedColour(string path)
    {
        byte[] frame = TestImages.UniformFrame(Width, Height, 10, 200, 30);
        float[] crop = TestImages.UniformCrop(96, 0.2f, 0.5f, 0.8f);
        var box = new FaceBox(500, 200, 260, 260);
        using var compositor = new FaceCompositor(300, 300, null, Enum.Parse<BlendPath>(path));

        compositor.Paste(crop, 96, box, frame, Width, Height, 4 * Width);

        for (int y = box.Y + 190; y < box.Y + 225; y++)
        {
            for (int x = box.X + 60; x < box.X + 200; x++)
            {
                int o = (y * 4 * Width) + (4 * x);
                Assert.InRange(frame[o], 50, 52);       // 0.2 · 255 = 51
                Assert.InRange(frame[o + 1], 127, 128); // 0.5 · 255 = 127.5
                Assert.InRange(frame[o + 2], 203, 205); // 0.8 · 255 = 204
                Assert.Equal(255, frame[o + 3]);
            }
        }
    }

    [Theory]
    [InlineData(nameof(BlendPath.Scalar), 260)]
    [InlineData(nameof(BlendPath.Vector256), 260)]
    [InlineData(nameof(BlendPath.Vector256), 120)]
    [InlineData(nameof(BlendPath.Vector128), 600)]
    public void BlackCropOnWhiteFrame_ShowsNoEdge(string path, int side)
    {
        byte[] frame = TestImages.UniformFrame(Width, Height, 255, 255, 255);
        float[] crop = TestImages.UniformCrop(96, 0f, 0f, 0f);
        var box = new FaceBox(300, 50, side, side);
        using var compositor = new FaceCompositor(side, side, null, Enum.Parse<BlendPath>(path));

        compositor.Paste(crop, 96, box, frame, Width, Height, 4 * Width);

        // Darkening (original 255 minus pasted) of the blue byte, over the box and a 2-pixel margin.
        int Darkening(int x, int y) => 255 - frame[(y * 4 * Width) + (4 * x)];
        Assert.Equal(255, Darkening(box.X + (side / 2), box.Y + (side * 8 / 10)));

        // Along the border: nothing on the outermost pixels, barely anything on the next ring.
        for (int i = 0; i < side; i++)
        {
            Assert.Equal(0, Darkening(box.X + i, box.Bottom - 1));
            Assert.Equal(0, Darkening(box.X, box.Y + i));
            Assert.Equal(0, Darkening(box.Right - 1, box.Y + i));
            Assert.InRange(Darkening(box.X + i, box.Bottom - 2), 0, side >= 260 ? 2 : 6);
            Assert.InRange(Darkening(box.X + 1, box.Y + i), 0, side >= 260 ? 2 : 6);
            Assert.InRange(Darkening(box.Right - 2, box.Y + i), 0, side >= 260 ? 2 : 6);
        }

        // Everywhere, no step between neighbours steeper than the smoothstep allows: its slope peaks at 1.5 / ramp
        // length, the shortest ramp being the edge feather (0.1 · side), plus 1 LSB of rounding.
        int maxStep = (int)Math.Ceiling(255 * 1.5 / (0.1 * side)) + 1;
        for (int y = box.Y - 2; y < box.Bottom + 2; y++)
        {
            for (int x = box.X - 2; x < box.Right + 2; x++)
            {
                Assert.InRange(Math.Abs(Darkening(x + 1, y) - Darkening(x, y)), 0, maxStep);
                Assert.InRange(Math.Abs(Darkening(x, y + 1) - Darkening(x, y)), 0, maxStep);
            }
        }
    }

    [Theory]
    [InlineData(nameof(BlendPath.Scalar))]
    [InlineData(nameof(BlendPath.Vector256))]
    public void Ramp_RisesMonotonicallyIntoTheLowerFace_AndFallsTowardsEachEdge(string path)
    {
        byte[] frame = TestImages.UniformFrame(Width, Height, 255, 255, 255);
        float[] crop = TestImages.UniformCrop(96, 0f, 0f, 0f);
        var box = new FaceBox(400, 100, 260, 260);
        using var compositor = new FaceCompositor(300, 300, null, Enum.Parse<BlendPath>(path));

        compositor.Paste(crop, 96, box, frame, Width, Height, 4 * Width);

        int Darkening(int bx, int by) => 255 - frame[((box.Y + by) * 4 * Width) + (4 * (box.X + bx))];
        int centreX = box.Width / 2;
        int lowerY = box.Height * 8 / 10;

        // Down the centre column: 0 over the upper face, rising through 0.45..0.6 · H, full, then the bottom fade.
        int peakY = box.Height - 27;
        for (int by = 1; by < box.Height; by++)
        {
            int step = Darkening(centreX, by) - Darkening(centreX, by - 1);
            Assert.True(by <= peakY ? step >= 0 : step <= 0, $"row {by}: step {step}");
        }

        Assert.Equal(0, Darkening(centreX, (int)(0.45 * box.Height) - 1));
        Assert.InRange(Darkening(centreX, (int)(0.52 * box.Height)), 60, 200);
        Assert.Equal(255, Darkening(centreX, (int)(0.6 * box.Height) + 1));

        // Across the lower face: rising from the left edge to the middle, falling to the right edge.
        for (int bx = 1; bx < box.Width; bx++)
        {
            int step = Darkening(bx, lowerY) - Darkening(bx - 1, lowerY);
            Assert.True(bx <= centreX ? step >= 0 : step <= 0, $"column {bx}: step {step}");
        }

        Assert.Equal(255, Darkening(26, lowerY));
        Assert.InRange(Darkening(13, lowerY), 100, 155);
    }
}
