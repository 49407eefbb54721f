using StreamLip.Avatars;
using StreamLip.Compositing;

namespace StreamLip.Core.Tests.Compositing;

/// <summary>Allocation-free steady state, buffer growth, argument checks and disposal.</summary>
public sealed class FaceCompositorLifetimeTests
{
    private const int Width = 1280;
    private const int Height = 720;

    [Fact]
    public void SteadyState_AllocatesNothing_EvenWhenBoxSizesAlternate()
    {
        float[] crop = TestImages.RandomCrop(96, seed: 3);
        byte[] frame = TestImages.RandomFrame(Width, Height, 4 * Width, seed: 4);
        var big = new FaceBox(500, 200, 260, 260);
        var small = new FaceBox(520, 230, 211, 207);
        using var compositor = new FaceCompositor(300, 300);
        for (int i = 0; i < 5; i++)
        {
            compositor.Paste(crop, 96, big, frame, Width, Height, 4 * Width);
            compositor.Paste(crop, 96, small, frame, Width, Height, 4 * Width);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            compositor.Paste(crop, 96, big, frame, Width, Height, 4 * Width);
        }

        long same = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            compositor.Paste(crop, 96, (i & 1) == 0 ? big : small, frame, Width, Height, 4 * Width);
        }

        long alternating = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, same);
        Assert.Equal(0, alternating);
    }

    [Fact]
    public void BoxBiggerThanDeclared_GrowsTheBuffers_AndGivesTheSameResult()
    {
        float[] crop = TestImages.RandomCrop(96, seed: 7);
        byte[] grown = TestImages.RandomFrame(Width, Height, 4 * Width, seed: 8);
        byte[] roomy = (byte[])grown.Clone();
        var box = new FaceBox(100, 50, 610, 590);
        using var small = new FaceCompositor(40, 40);
        using var large = new FaceCompositor(610, 590);

        small.Paste(crop, 96, new FaceBox(0, 0, 40, 40), (byte[])grown.Clone(), Width, Height, 4 * Width);
        small.Paste(crop, 96, box, grown, Width, Height, 4 * Width);
        large.Paste(crop, 96, box, roomy, Width, Height, 4 * Width);

        Assert.Equal(roomy, grown);
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        using var compositor = new FaceCompositor(100, 100);
        float[] crop = TestImages.RandomCrop(96, seed: 1);
        byte[] frame = new byte[4 * 200 * 200];
        var box = new FaceBox(10, 10, 100, 100);

        Assert.Throws<ArgumentException>(() => compositor.Paste(crop.AsSpan(1), 96, box, frame, 200, 200, 800));
        Assert.Throws<ArgumentException>(() => compositor.Paste(crop, 96, box, frame.AsSpan(1), 200, 200, 800));
        Assert.Throws<ArgumentOutOfRangeException>(() => compositor.Paste(crop, 96, box, frame, 200, 200, 799));
        Assert.Throws<ArgumentOutOfRangeException>(() => compositor.Paste(crop, 96, box with { Width = 0 }, frame, 200, 200, 800));
        Assert.Throws<ArgumentOutOfRangeException>(() => compositor.Paste(crop, 0, box, frame, 200, 200, 800));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaceCompositor(0, 100).Dispose());
    }

    [Fact]
    public void AfterDispose_PasteThrows_AndDisposeIsIdempotent()
    {
        var compositor = new FaceCompositor(100, 100);
        compositor.Dispose();
        compositor.Dispose();

        Assert.Throws<ObjectDisposedException>(() =>
            compositor.Paste(new float[3 * 96 * 96], 96, new FaceBox(0, 0, 50, 50), new byte[4 * 64 * 64], 64, 64, 256));
    }
}
