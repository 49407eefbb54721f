using StreamLip.Compositing;

namespace StreamLip.Core.Tests.Compositing;

public sealed class LinearTapsTests
{
    [Fact]
    public void SameSize_IsTheIdentity()
    {
        int[] index = new int[96];
        float[] fraction = new float[96];

        LinearTaps.Compute(96, 96, index, fraction);

        Assert.Equal(Enumerable.Range(0, 96), index);
        Assert.All(fraction, f => Assert.Equal(0f, f));
    }

    [Fact]
    public void HalvingSize_AveragesPairs_AsCv2DoesWithHalfPixelCentres()
    {
        int[] index = new int[48];
        float[] fraction = new float[48];

        LinearTaps.Compute(96, 48, index, fraction);

        for (int i = 0; i < 48; i++)
        {
            Assert.Equal(2 * i, index[i]);
            Assert.Equal(0.5f, fraction[i]);
        }
    }

    [Fact]
    public void Upscaling_ClampsBothEnds_AndMapsPixelCentres()
    {
        int[] index = new int[260];
        float[] fraction = new float[260];

        LinearTaps.Compute(96, 260, index, fraction);

        // (i + 0.5) · 96 / 260 − 0.5: i = 0 → −0.315 (clamped to 0), i = 100 → 36.6077, i = 259 → 95.13 (clamped to 95).
        Assert.Equal((0, 0f), (index[0], fraction[0]));
        Assert.Equal(36, index[100]);
        Assert.Equal(0.60769f, fraction[100], 4);
        Assert.Equal((95, 0f), (index[259], fraction[259]));
    }
}
