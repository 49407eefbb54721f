using StreamLip.Compositing;

namespace StreamLip.Core.Tests.Compositing;

public sealed class FeatherMaskTests
{
    [Fact]
    public void Defaults_AreDocumentedValuesAndValid()
    {
        var mask = new FeatherMask();

        Assert.Equal(0.45f, mask.LowerFaceStart);
        Assert.Equal(0.6f, mask.LowerFaceEnd);
        Assert.Equal(0.1f, mask.EdgeFeather);
        mask.Validate();
    }

    [Theory]
    [InlineData(-0.1f, 0.6f, 0.1f)]
    [InlineData(1f, 1f, 0.1f)]
    [InlineData(0.6f, 0.45f, 0.1f)]
    [InlineData(0.5f, 0.5f, 0.1f)]
    [InlineData(0.45f, 1.2f, 0.1f)]
    [InlineData(0.45f, 0.6f, -0.01f)]
    [InlineData(0.45f, 0.6f, 0.6f)]
    [InlineData(float.NaN, 0.6f, 0.1f)]
    [InlineData(0.45f, 0.6f, float.NaN)]
    public void Validate_RejectsMasksThatMakeNoSense(float start, float end, float feather)
    {
        var mask = new FeatherMask { LowerFaceStart = start, LowerFaceEnd = end, EdgeFeather = feather };

        var error = Assert.Throws<ArgumentException>(mask.Validate);
        Assert.Contains("FeatherMask.", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new FaceCompositor(100, 100, mask).Dispose());
    }

    [Fact]
    public void Compositor_CopiesTheMask_SoLaterChangesHaveNoEffect()
    {
        var mask = new FeatherMask();
        using var compositor = new FaceCompositor(64, 64, mask);
        byte[] before = TestImages.UniformFrame(64, 64, 255, 255, 255);
        byte[] after = (byte[])before.Clone();
        float[] crop = TestImages.UniformCrop(96, 0, 0, 0);
        var box = new StreamLip.Avatars.FaceBox(0, 0, 64, 64);

        compositor.Paste(crop, 96, box, before, 64, 64, 256);
        mask.LowerFaceStart = 0f;
        mask.EdgeFeather = 0f;
        compositor.Paste(crop, 96, box, after, 64, 64, 256);

        Assert.Equal(before, after);
    }
}
