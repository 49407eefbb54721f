using StreamLip.Avatars;
using StreamLip.Compositing;

namespace StreamLip.Core.Tests.Compositing;

/// <summary>Boxes that reach past the frame: no exception, only inside pixels touched, mask not shifted by the clip.</summary>
public sealed class FaceCompositorClippingTests
{
    // The small frame is the window [WindowX, WindowX + FrameWidth) × [WindowY, WindowY + FrameHeight) of a canvas
    // big enough to hold every box whole; pasting into both must agree on the window.
    private const int FrameWidth = 400;
    private const int FrameHeight = 300;
    private const int FrameStride = (4 * FrameWidth) + 20;
    private const int CanvasWidth = 1400;
    private const int CanvasHeight = 1200;
    private const int WindowX = 400;
    private const int WindowY = 400;

    public static TheoryData<string, int, int, int, int> Boxes => new()
    {
        { nameof(BlendPath.Scalar), -80, 50, 200, 200 },       // past the left edge
        { nameof(BlendPath.Vector256), -80, 50, 200, 200 },
        { nameof(BlendPath.Vector256), 100, -150, 200, 200 },  // past the top edge (lower face still inside)
        { nameof(BlendPath.Vector128), 330, 200, 201, 199 },   // past the right and bottom edges
        { nameof(BlendPath.Vector256), -150, -150, 600, 600 }, // larger than the frame in every direction
        { nameof(BlendPath.Vector256), 10, -300, 150, 150 },   // only the (weight 0) upper part would be inside
        { nameof(BlendPath.Vector256), 1000, 100, 100, 100 },  // wholly outside
        { nameof(BlendPath.Scalar), -400, -400, 90, 90 },      // wholly outside
    };

    [Theory]
    [MemberData(nameof(Boxes))]
    public void ClippedBox_TouchesOnlyInsidePixels_AndMatchesTheUnclippedPaste(string path, int x, int y, int w, int h)
    {
        var box = new FaceBox(x, y, w, h);
        float[] crop = TestImages.RandomCrop(96, seed: 5);
        byte[] canvas = TestImages.RandomFrame(CanvasWidth, CanvasHeight, 4 * CanvasWidth, seed: 6);
        byte[] original = new byte[FrameStride * FrameHeight];
        original.AsSpan().Fill(0xA5);
        for (int row = 0; row < FrameHeight; row++)
        {
            canvas.AsSpan(((WindowY + row) * 4 * CanvasWidth) + (4 * WindowX), 4 * FrameWidth)
                .CopyTo(original.AsSpan(row * FrameStride));
        }

        byte[] frame = (byte[])original.Clone();
        using var compositor = new FaceCompositor(64, 64, null, Enum.Parse<BlendPath>(path));

        compositor.Paste(crop, 96, box, frame, FrameWidth, FrameHeight, FrameStride);
        compositor.Paste(crop, 96, box with { X = x + WindowX, Y = y + WindowY }, canvas, CanvasWidth, CanvasHeight, 4 * CanvasWidth);

        int changed = 0;
        for (int row = 0; row < FrameHeight; row++)
        {
            for (int i = 0; i < FrameStride; i++)
            {
                int o = (row * FrameStride) + i;
                if (i >= 4 * FrameWidth)
                {
                    Assert.Equal(0xA5, frame[o]); // row padding is never touched
                    continue;
                }

                byte expected = canvas[((WindowY + row) * 4 * CanvasWidth) + (4 * WindowX) + i];
                Assert.InRange(frame[o] - expected, -1, 1);
                changed += frame[o] != original[o] ? 1 : 0;
            }
        }

        bool lowerFaceInside = x + 1 < FrameWidth && x + w - 1 > 0 && y + (0.45 * h) < FrameHeight && y + h - 1 > 0;
        Assert.Equal(lowerFaceInside, changed > 0);
    }

    [Fact]
    public void FrameEdgesExactly_AreFine()
    {
        byte[] frame = TestImages.UniformFrame(96, 96, 255, 255, 255);
        float[] crop = TestImages.UniformCrop(96, 0f, 0f, 0f);
        using var compositor = new FaceCompositor(96, 96);

        compositor.Paste(crop, 96, new FaceBox(0, 0, 96, 96), frame, 96, 96, 4 * 96);

        Assert.Equal(0, frame[(80 * 4 * 96) + (4 * 48)]);
        Assert.Equal(255, frame[(95 * 4 * 96) + (4 * 48)]);
    }
}
