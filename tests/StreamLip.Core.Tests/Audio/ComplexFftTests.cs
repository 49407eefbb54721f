using StreamLip.Audio;

namespace StreamLip.Core.Tests.Audio;

public sealed class ComplexFftTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(40)]
    [InlineData(60)]
    [InlineData(400)]
    [InlineData(800)]
    [InlineData(1000)]
    public void Matches_the_naive_dft(int n)
    {
        var random = new Random(n);
        double[] re = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5)];
        double[] im = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5)];
        (double[] expectedRe, double[] expectedIm) = NaiveDft.Forward(re, im);

        var fft = new ComplexFft(n);
        double[] workRe = new double[n], workIm = new double[n];
        fft.Forward(re, im, workRe, workIm);

        // Relative to the spectrum's RMS (≈ √n·0.4): a correct FFT in double lands near 1e-15.
        double scale = Math.Sqrt(n) * 0.4;
        for (int k = 0; k < n; k++)
        {
            Assert.True(Math.Abs(re[k] - expectedRe[k]) < 1e-12 * scale, $"Re X[{k}] = {re[k]}, want {expectedRe[k]}");
            Assert.True(Math.Abs(im[k] - expectedIm[k]) < 1e-12 * scale, $"Im X[{k}] = {im[k]}, want {expectedIm[k]}");
        }
    }

    [Fact]
    public void An_impulse_gives_a_flat_spectrum_and_a_tone_a_single_bin()
    {
        const int N = 400;
        var fft = new ComplexFft(N);
        double[] re = new double[N], im = new double[N], workRe = new double[N], workIm = new double[N];
        re[0] = 1;
        fft.Forward(re, im, workRe, workIm);
        Assert.All(re, v => Assert.Equal(1.0, v, 14));
        Assert.All(im, v => Assert.Equal(0.0, v, 14));

        // e^(2πi·7n/N) → N at bin 7 only.
        for (int n = 0; n < N; n++)
        {
            (im[n], re[n]) = Math.SinCos(2 * Math.PI * 7 * n / N);
        }

        fft.Forward(re, im, workRe, workIm);
        for (int k = 0; k < N; k++)
        {
            Assert.Equal(k == 7 ? N : 0.0, re[k], 10);
            Assert.Equal(0.0, im[k], 10);
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(22)]
    [InlineData(0)]
    public void Rejects_lengths_it_cannot_factor(int n) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ComplexFft(n));
}
