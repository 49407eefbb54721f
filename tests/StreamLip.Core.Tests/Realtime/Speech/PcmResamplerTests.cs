using StreamLip.Realtime.Speech;

namespace StreamLip.Core.Tests.Realtime.Speech;

public sealed class PcmResamplerTests
{
    [Theory]
    [InlineData(24000, 1, 1000)]
    [InlineData(48000, 2, 3000)]
    [InlineData(44100, 1, 440)]
    [InlineData(22050, 1, 5000)]
    [InlineData(8000, 1, 1000)]
    public void A_tone_comes_out_at_16_kHz_with_its_frequency_phase_and_level(int rate, int channels, int hz)
    {
        float[] input = Tone(rate, channels, hz, seconds: 1);

        float[] output = PcmResampler.Resample(input, rate, channels);

        Assert.InRange(output.Length, 15999, 16001);
        float[] expected = Tone(16000, 1, hz, seconds: 1);
        // Away from the edges (where the kernel sees the silence before and after), within −60 dB of the tone.
        double worst = 0.0;
        for (int i = 200; i < 15800; i++)
        {
            worst = Math.Max(worst, Math.Abs(output[i] - expected[i]));
        }

        Assert.True(worst < 0.5e-3, $"largest error {worst} at {rate} Hz × {channels}, {hz} Hz tone");
    }

    [Theory]
    [InlineData(48000, 12000)]
    [InlineData(44100, 9000)]
    [InlineData(24000, 11000)]
    public void Frequencies_above_8_kHz_are_removed_rather_than_aliased(int rate, int hz)
    {
        float[] output = PcmResampler.Resample(Tone(rate, 1, hz, seconds: 1), rate);

        double rms = Math.Sqrt(output.Skip(200).Take(15600).Select(x => (double)x * x).Average());
        Assert.True(rms < 0.5 * 0.707 * 1e-3, $"{hz} Hz at {rate} Hz leaves {rms} RMS (the tone's is 0.35)");
    }

    [Fact]
    public void Streaming_in_odd_blocks_gives_the_same_samples_as_one_call()
    {
        float[] input = Tone(24000, 2, 700, seconds: 0.5);
        float[] whole = PcmResampler.Resample(input, 24000, 2);

        var resampler = new PcmResampler(24000, 2);
        var streamed = new List<float>();
        float[] buffer = new float[resampler.MaxOutput(1000)];
        var random = new Random(5);
        for (int at = 0; at < input.Length;)
        {
            int frames = Math.Min(random.Next(1, 500), (input.Length - at) / 2);
            int n = resampler.Process(input.AsSpan(at, frames * 2), buffer);
            streamed.AddRange(buffer.AsSpan(0, n).ToArray());
            at += frames * 2;
        }

        streamed.AddRange(buffer.AsSpan(0, resampler.Flush(buffer)).ToArray());
        Assert.Equal(whole.Length, streamed.Count);
        for (int i = 0; i < whole.Length; i++)
        {
            Assert.Equal(whole[i], streamed[i], 1e-6f);
        }
    }

    [Fact]
    public void The_same_rate_passes_through_and_stereo_is_averaged()
    {
        float[] input = [0.5f, 0.1f, -0.5f, 0.3f, 0.2f, 0.2f];

        float[] output = PcmResampler.Resample(input, 16000, 2);

        Assert.Equal([0.3f, -0.1f, 0.2f], output, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    private static float[] Tone(int rate, int channels, int hz, double seconds)
    {
        int frames = (int)(rate * seconds);
        float[] samples = new float[frames * channels];
        for (int i = 0; i < frames; i++)
        {
            float v = (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / rate));
            for (int c = 0; c < channels; c++)
            {
                samples[(i * channels) + c] = v;
            }
        }

        return samples;
    }
}
