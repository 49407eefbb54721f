namespace StreamLip.Tests.Shared.Browser;

/// <summary>16-bit PCM mono WAV files for the tests (uploads, Chromium's fake microphone).</summary>
internal static class TestWav
{
    /// <summary>The bytes of a 16-bit mono WAV holding <paramref name="samples"/> (floats in [−1, 1], clipped).</summary>
    public static byte[] Pcm16Mono(IReadOnlyCollection<float> samples, int rate)
    {
        int dataBytes = samples.Count * 2;
        using var stream = new MemoryStream(44 + dataBytes);
        using (var w = new BinaryWriter(stream))
        {
            w.Write("RIFF"u8);
            w.Write(36 + dataBytes);
            w.Write("WAVEfmt "u8);
            w.Write(16);
            w.Write((short)1); // PCM
            w.Write((short)1); // mono
            w.Write(rate);
            w.Write(rate * 2);
            w.Write((short)2);
            w.Write((short)16);
            w.Write("data"u8);
            w.Write(dataBytes);
            foreach (float s in samples)
            {
                w.Write((short)Math.Clamp(s * 32767f, -32768f, 32767f));
            }
        }

        return stream.ToArray();
    }
}
