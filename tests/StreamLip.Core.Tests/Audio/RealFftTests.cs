using StreamLip.Audio;

namespace StreamLip.Core.Tests.Audio;

public sealed class RealFftTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(10)]
    [InlineData(16)]
    [InlineData(800)]
    public void Matches_the_naive_dft_of_real_input(int n)
    {
        var random = new Random(1000 + n);
        double[] x = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5)];
        (double[] expectedRe, double[] expectedIm) = NaiveDft.Forward(x, new double[n]);

        var fft = new RealFft(n);
        Assert.Equal((n / 2) + 1, fft.Bins);
        double[] re = new double[fft.Bins], im = new double[fft.Bins], scratch = new double[fft.ScratchLength];
        double[] input = (double[])x.Clone();
        fft.Forward(input, re, im, scratch);

        Assert.Equal(x, input); // input untouched
        double tolerance = 1e-12 * Math.Sqrt(n);
        for (int k = 0; k < fft.Bins; k++)
        {
            Assert.True(Math.Abs(re[k] - expectedRe[k]) < tolerance, $"Re X[{k}] = {re[k]}, want {expectedRe[k]}");
            Assert.True(Math.Abs(im[k] - expectedIm[k]) < tolerance, $"Im X[{k}] = {im[k]}, want {expectedIm[k]}");
        }
    }

    [Fact]
    public void Nyquist_and_dc_bins_are_real()
    {
        var fft = new RealFft(800);
        double[] x = [.. Enumerable.Range(0, 800).Select(i => (i % 2 == 0 ? 1.0 : -1.0) + 0.25)];
        double[] re = new double[401], im = new double[401], scratch = new double[fft.ScratchLength];
        fft.Forward(x, re, im, scratch);
        Assert.Equal(200.0, re[0], 10);
        Assert.Equal(800.0, re[400], 10);
        Assert.Equal(0.0, im[0], 12);
        Assert.Equal(0.0, im[400], 12);
        Assert.Equal(0.0, re[123], 10);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(801)]
    [InlineData(14)]
    public void Rejects_odd_or_unfactorable_lengths(int n) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RealFft(n));
}
