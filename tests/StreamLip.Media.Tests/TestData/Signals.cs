namespace StreamLip.Media.Tests.TestData;

/// <summary>Test signals and the measurements tests assert with.</summary>
internal static class Signals
{
    /// <summary>An interleaved sine, the same on every channel.</summary>
    public static float[] Sine(double frequencyHz, double seconds, int sampleRate, int channels = 1, float amplitude = 0.5f)
    {
        int frames = (int)Math.Round(seconds * sampleRate);
        float[] samples = new float[frames * channels];
        for (int i = 0; i < frames; i++)
        {
            float v = amplitude * (float)Math.Sin(2 * Math.PI * frequencyHz * i / sampleRate);
            for (int c = 0; c < channels; c++)
            {
                samples[(i * channels) + c] = v;
            }
        }

        return samples;
    }

    /// <summary>
    /// Estimates a mono signal's frequency from its upward zero crossings between the first and the last,
    /// skipping <paramref name="skip"/> samples at each end (codec start-up and tails).
    /// </summary>
    public static double FrequencyByZeroCrossings(ReadOnlySpan<float> mono, int sampleRate, int skip)
    {
        ReadOnlySpan<float> s = mono[skip..^skip];
        int first = -1, last = -1, crossings = 0;
        for (int i = 1; i < s.Length; i++)
        {
            if (s[i - 1] < 0 && s[i] >= 0)
            {
                if (first < 0)
                {
                    first = i;
                }

                last = i;
                crossings++;
            }
        }

        return crossings < 2 ? 0 : (crossings - 1) * (double)sampleRate / (last - first);
    }

    /// <summary>Root mean square.</summary>
    public static double Rms(ReadOnlySpan<float> s)
    {
        double sum = 0;
        foreach (float v in s)
        {
            sum += v * v;
        }

        return s.IsEmpty ? 0 : Math.Sqrt(sum / s.Length);
    }
}
