using StreamLip.Compositing;

namespace StreamLip.Core.Tests.Compositing;

public sealed class MaskProfileTests
{
    [Theory]
    [InlineData(40)]
    [InlineData(96)]
    [InlineData(260)]
    [InlineData(601)]
    public void Rows_AreZeroAboveTheLowerFace_ThenRampMonotonicallyToOne_ThenFadeToZeroAtTheBottom(int height)
    {
        float[] weights = new float[height];

        (int first, int last) = MaskProfile.Rows(height, 0.45f, 0.6f, 0.1f, weights);

        int fadeStart = height - (int)MathF.Ceiling(0.1f * height);
        for (int y = 0; y < height; y++)
        {
            float v = (y + 0.5f) / height;
            if (v <= 0.45f)
            {
                Assert.Equal(0f, weights[y]);
            }
            else if (v >= 0.6f && y < fadeStart)
            {
                Assert.Equal(1f, weights[y]);
            }
        }

        for (int y = 1; y < fadeStart; y++)
        {
            Assert.True(weights[y] >= weights[y - 1], $"row {y} drops inside the upper ramp");
        }

        for (int y = fadeStart; y < height; y++)
        {
            Assert.True(weights[y] <= weights[y - 1], $"row {y} rises inside the bottom fade");
        }

        Assert.Equal(0f, weights[height - 1]);
        Assert.True(weights[first] > 0f && weights[first - 1] == 0f);
        Assert.Equal(height - 2, last);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(260)]
    [InlineData(333)]
    public void Columns_AreZeroAtBothEdges_SymmetricAndOneInTheMiddle(int width)
    {
        float[] weights = new float[4 * width];

        (int first, int last) = MaskProfile.Columns(width, 0.1f, weights);

        Assert.Equal(1, first);
        Assert.Equal(width - 2, last);
        Assert.Equal(0f, weights[0]);
        Assert.Equal(1f, weights[4 * (width / 2)]);
        for (int x = 0; x < width; x++)
        {
            Assert.Equal(weights[4 * x], weights[4 * (width - 1 - x)], 6);
            Assert.Equal(weights[4 * x], weights[(4 * x) + 1]);
            Assert.Equal(weights[4 * x], weights[(4 * x) + 2]);
            Assert.Equal(0f, weights[(4 * x) + 3]);
            if (x > 0 && x <= width / 2)
            {
                Assert.True(weights[4 * x] >= weights[4 * (x - 1)], $"column {x} drops towards the middle");
            }
        }
    }

    [Fact]
    public void ZeroFeather_GivesHardEdges()
    {
        float[] weights = new float[4 * 50];

        (int first, int last) = MaskProfile.Columns(50, 0f, weights);

        Assert.Equal((0, 49), (first, last));
        Assert.All(Enumerable.Range(0, 50), x => Assert.Equal(1f, weights[4 * x]));
    }

    [Fact]
    public void Smoothstep_HasItsEndpointsAndMidpoint()
    {
        Assert.Equal(0f, MaskProfile.Smoothstep(-1f));
        Assert.Equal(0f, MaskProfile.Smoothstep(0f));
        Assert.Equal(0.5f, MaskProfile.Smoothstep(0.5f));
        Assert.Equal(1f, MaskProfile.Smoothstep(1f));
        Assert.Equal(1f, MaskProfile.Smoothstep(3f));
    }
}
