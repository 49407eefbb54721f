namespace StreamLip.Core.Tests.Realtime;

/// <summary>16 kHz test signals.</summary>
internal static class Signals
{
    public static float[] Silence(double seconds) => new float[(int)(seconds * 16000)];

    public static float[] Tone(double seconds, float amplitude = 0.5f, int hz = 440)
    {
        float[] samples = new float[(int)(seconds * 16000)];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = amplitude * MathF.Sin(2 * MathF.PI * hz * i / 16000);
        }

        return samples;
    }

    public static float[] Concat(params float[][] parts) => [.. parts.SelectMany(p => p)];
}
