namespace StreamLip.Media.Tests.WebRtc;

/// <summary>Finds the dominant frequency of a signal (Goertzel power on a 1 Hz grid).</summary>
internal static class Tones
{
    /// <summary>The frequency in [<paramref name="lowHz"/>, <paramref name="highHz"/>] with the most power, in Hz.</summary>
    public static int DominantFrequency(ReadOnlySpan<float> signal, int sampleRate, int lowHz = 100, int highHz = 4000)
    {
        int best = lowHz;
        double bestPower = -1;
        for (int f = lowHz; f <= highHz; f++)
        {
            double power = Power(signal, sampleRate, f);
            if (power > bestPower)
            {
                bestPower = power;
                best = f;
            }
        }

        return best;
    }

    /// <summary>Goertzel power of <paramref name="signal"/> at <paramref name="frequencyHz"/>.</summary>
    public static double Power(ReadOnlySpan<float> signal, int sampleRate, double frequencyHz)
    {
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequencyHz / sampleRate);
        double s1 = 0, s2 = 0;
        foreach (float x in signal)
        {
            double s0 = x + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        return (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
    }
}
