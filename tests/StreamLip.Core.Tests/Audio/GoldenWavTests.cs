using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace StreamLip.Core.Tests.Audio;

public sealed class GoldenWavTests
{
    [Fact]
    public void The_golden_wav_holds_the_same_samples_as_the_npy()
    {
        // signal.wav is for end-to-end use (decoders, the CLI); the mel tests read signal.npy. Keep them one signal.
        byte[] wav = File.ReadAllBytes(Path.Combine(GoldenData.Directory, "signal.wav"));
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(wav, 8, 4));
        int pos = 12;
        int format = 0, rate = 0, channels = 0;
        ReadOnlySpan<byte> data = default;
        while (pos + 8 <= wav.Length)
        {
            string id = System.Text.Encoding.ASCII.GetString(wav, pos, 4);
            int size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(pos + 4));
            if (id == "fmt ")
            {
                format = BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(pos + 8));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(pos + 10));
                rate = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(pos + 12));
            }
            else if (id == "data")
            {
                data = wav.AsSpan(pos + 8, size);
            }

            pos += 8 + size + (size & 1);
        }

        Assert.Equal(3, format); // IEEE float
        Assert.Equal(1, channels);
        Assert.Equal(16000, rate);
        Assert.Equal(GoldenData.Samples("signal.npy"), MemoryMarshal.Cast<byte, float>(data).ToArray());
    }
}
