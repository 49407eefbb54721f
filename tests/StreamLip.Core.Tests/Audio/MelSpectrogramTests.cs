using StreamLip.Audio;
using Xunit.Abstractions;

namespace StreamLip.Core.Tests.Audio;

public sealed class MelSpectrogramTests(ITestOutputHelper output)
{
    /// <summary>Bar from the design: C# against the float64 numpy reference, float32 output.</summary>
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("signal")]
    [InlineData("short1234")]
    [InlineData("tiny300")]
    [InlineData("tiny150")]
    [InlineData("tiny2")]
    [InlineData("tiny1")]
    public void Matches_the_numpy_reference(string name)
    {
        float[] samples = GoldenData.Samples(name + ".npy");
        MelFrames golden = GoldenData.Mel(name + "_mel.npy");

        MelFrames mel = MelSpectrogram.Compute(samples);

        Assert.Equal(1 + (samples.Length / 200), mel.Columns);
        Assert.Equal(golden.Columns, mel.Columns);
        Assert.Equal(80, mel.Bands);
        (double maxError, int at) = MaxAbsError(golden.Data, mel.Data);
        output.WriteLine($"{name}: {samples.Length} samples, {mel.Columns} columns, max |C# − numpy| = {maxError:E3} (column {at / 80}, band {at % 80})");
        Assert.True(maxError <= Tolerance, $"max abs error {maxError:E3} at column {at / 80}, band {at % 80}");
    }

    [Fact]
    public void The_test_signal_exercises_the_clip_the_quiet_range_and_loud_bands()
    {
        // Guards the golden itself: a test signal that never left −4 would prove nothing.
        MelFrames golden = GoldenData.Mel("signal_mel.npy");
        float[] values = golden.Data.ToArray();
        Assert.Contains(values, v => v == -4f);
        Assert.Contains(values, v => v is > -3.9f and < -3f);
        Assert.Contains(values, v => v > 2f);
    }

    [Fact]
    public void Band_major_export_is_the_golden_layout()
    {
        float[] samples = GoldenData.Samples("short1234.npy");
        NpyArray golden = GoldenData.Load("short1234_mel.npy");
        float[] bandMajor = MelSpectrogram.Compute(samples).ToBandMajor();
        Assert.Equal(golden.Data.Length, bandMajor.Length);
        for (int i = 0; i < bandMajor.Length; i++)
        {
            Assert.True(Math.Abs(bandMajor[i] - golden.Data[i]) <= Tolerance, $"index {i}");
        }
    }

    [Fact]
    public void Silence_is_minus_four_everywhere()
    {
        MelFrames mel = MelSpectrogram.Compute(new float[16000]);
        Assert.Equal(81, mel.Columns);
        Assert.All(mel.Data.ToArray(), v => Assert.Equal(MelSpectrogram.Silence, v));
    }

    [Fact]
    public void Empty_input_gives_one_silent_column()
    {
        MelFrames mel = MelSpectrogram.Compute([]);
        Assert.Equal(1, mel.Columns);
        Assert.All(mel.Data.ToArray(), v => Assert.Equal(-4f, v));
    }

    [Fact]
    public void A_tone_lights_the_band_that_contains_it()
    {
        // 2 kHz sits in the band whose triangle peaks nearest to it; the strongest band must be that one.
        float[] samples = new float[8000];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = 0.5f * (float)Math.Sin(2 * Math.PI * 2000 * i / 16000.0);
        }

        ReadOnlySpan<float> column = MelSpectrogram.Compute(samples).Column(20);
        int loudest = column.IndexOf(column.ToArray().Max());
        double centreMel = SlaneyMelFilterbank.HzToMel(55) + ((loudest + 1) * (SlaneyMelFilterbank.HzToMel(7600) - SlaneyMelFilterbank.HzToMel(55)) / 81);
        Assert.InRange(SlaneyMelFilterbank.MelToHz(centreMel), 1900, 2100);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(199, 1)]
    [InlineData(200, 2)]
    [InlineData(16000, 81)]
    [InlineData(49637, 249)]
    public void Column_count_is_one_plus_samples_over_hop(long samples, int columns) =>
        Assert.Equal(columns, MelSpectrogram.ColumnCount(samples));

    internal static (double MaxError, int Index) MaxAbsError(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        int at = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Math.Abs((double)expected[i] - actual[i]);
            if (e > max)
            {
                max = e;
                at = i;
            }
        }

        return (max, at);
    }
}
