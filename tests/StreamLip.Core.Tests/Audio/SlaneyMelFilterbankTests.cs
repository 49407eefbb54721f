using StreamLip.Audio;

namespace StreamLip.Core.Tests.Audio;

public sealed class SlaneyMelFilterbankTests
{
    [Fact]
    public void Matches_the_golden_filterbank_within_1e6_relative()
    {
        NpyArray golden = GoldenData.Load("filterbank.npy");
        Assert.Equal([80, 401], golden.Shape.ToArray());
        SlaneyMelFilterbank bank = SlaneyMelFilterbank.Wav2Lip;
        Assert.Equal(80, bank.Bands);
        Assert.Equal(401, bank.Bins);

        for (int b = 0; b < 80; b++)
        {
            ReadOnlySpan<float> expected = golden.Data.Slice(b * 401, 401);
            double rowMax = 0;
            foreach (float v in expected)
            {
                rowMax = Math.Max(rowMax, v);
            }

            Assert.True(rowMax > 0, $"band {b} is empty in the golden");
            for (int k = 0; k < 401; k++)
            {
                double actual = bank.Dense[(b * 401) + k];
                Assert.True(
                    Math.Abs(actual - expected[k]) <= 1e-6 * rowMax,
                    $"band {b} bin {k}: {actual:R}, golden {expected[k]:R}");
                Assert.Equal(expected[k] == 0, actual == 0); // same support
            }
        }
    }

    [Fact]
    public void Apply_equals_the_dense_product()
    {
        SlaneyMelFilterbank bank = SlaneyMelFilterbank.Wav2Lip;
        var random = new Random(3);
        double[] magnitude = [.. Enumerable.Range(0, 401).Select(_ => random.NextDouble() * 10)];
        double[] mel = new double[80];
        bank.Apply(magnitude, mel);
        for (int b = 0; b < 80; b++)
        {
            double dense = 0;
            for (int k = 0; k < 401; k++)
            {
                dense += bank.Dense[(b * 401) + k] * magnitude[k];
            }

            Assert.Equal(dense, mel[b], 1e-12 * Math.Abs(dense));
        }
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(200.0, 3.0)]
    [InlineData(1000.0, 15.0)]
    [InlineData(6400.0, 42.0)] // 15 + ln(6.4)/(ln(6.4)/27)
    public void Slaney_scale_is_linear_below_1kHz_and_logarithmic_above(double hz, double mel)
    {
        Assert.Equal(mel, SlaneyMelFilterbank.HzToMel(hz), 12);
        Assert.Equal(hz, SlaneyMelFilterbank.MelToHz(mel), 9);
    }

    [Fact]
    public void Each_band_has_unit_area_in_hertz()
    {
        // norm=1: peak 2/(f[i+2] − f[i]) over a triangle of base f[i+2] − f[i] → area 1 (in Hz, bins 20 Hz apart),
        // up to the sampling of the triangle by the bins.
        SlaneyMelFilterbank bank = SlaneyMelFilterbank.Wav2Lip;
        for (int b = 10; b < 80; b++)
        {
            double area = 0;
            for (int k = 0; k < 401; k++)
            {
                area += bank.Dense[(b * 401) + k] * 20.0;
            }

            Assert.InRange(area, 0.9, 1.1);
        }
    }
}
