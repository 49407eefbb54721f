using System.Buffers.Binary;

namespace StreamLip.Media.Tests.TestData;

/// <summary>A minimal RIFF/WAVE writer (16-bit PCM) for test inputs.</summary>
internal static class WavFile
{
    /// <summary>Writes interleaved samples in [-1, 1] as 16-bit PCM.</summary>
    public static void Write(string path, ReadOnlySpan<float> interleaved, int sampleRate, int channels)
    {
        int dataBytes = interleaved.Length * 2;
        byte[] bytes = new byte[44 + dataBytes];
        Span<byte> h = bytes;
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(h[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(h[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], sampleRate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(h[32..], (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(h[34..], 16);
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[40..], dataBytes);
        for (int i = 0; i < interleaved.Length; i++)
        {
            short s = (short)Math.Round(Math.Clamp(interleaved[i], -1f, 1f) * short.MaxValue);
            BinaryPrimitives.WriteInt16LittleEndian(h[(44 + (2 * i))..], s);
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Reads the sample rate and the number of sample frames from a canonical PCM WAV header.</summary>
    public static (int SampleRate, int Channels, long Frames) ReadHeader(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24));
        int channels = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(22));
        int bits = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(34));

        // Walk the chunks after "fmt " to find "data" (espeak-ng writes a canonical header, others may not).
        int offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            int size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (bytes.AsSpan(offset, 4).SequenceEqual("data"u8))
            {
                long available = Math.Min((long)(uint)size, bytes.Length - offset - 8);
                return (rate, channels, available / (channels * bits / 8));
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"No data chunk in {path}.");
    }
}
