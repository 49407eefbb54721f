using System.Buffers.Binary;

namespace StreamLip.Tests.BadInput;

/// <summary>
/// Issue #6 item 3: the bad audio corpus, shared (as a linked source file) by every surface that takes an audio file —
/// <c>AudioFileDecoder</c> (Media tests), <c>streamlip render --audio</c> (CLI tests) and, when they exist, the server's
/// audio upload endpoints. A case is a name, a writer that makes the file, and a fragment the error message must hold.
/// Add a case here in one line and every surface's theory runs it.
/// </summary>
public static class BadAudioFiles
{
    /// <summary>Every case, by name.</summary>
    public static readonly IReadOnlyDictionary<string, (Action<string> Write, string Problem)> Cases = new Dictionary<string, (Action<string>, string)>
    {
        ["truncated-header"] = (p => File.WriteAllBytes(p, Wav(Pcm(1), dataSize: null)[..30]), "truncated WAV file"),
        ["data-size-larger-than-file"] = (p => File.WriteAllBytes(p, Wav(Pcm(0.1), dataSize: 16000 * 2 * 10)), "declares 320000 bytes of audio"),
        ["header-claims-4-gib"] = (p => File.WriteAllBytes(p, Wav(Pcm(0.1), dataSize: 0xFFFFFF00)), "declares 4294967040 bytes"),
        ["zero-length"] = (p => File.WriteAllBytes(p, []), "is empty (0 bytes)"),
        ["header-without-samples"] = (p => File.WriteAllBytes(p, Wav([], dataSize: null)), "no audio samples"),
        ["png-bytes"] = (p => File.WriteAllBytes(p, [0x89, .. "PNG\r\n\x1a\n"u8, .. new byte[256]]), "it holds image/png"),
        ["random-bytes"] = (p => File.WriteAllBytes(p, RandomBytes(5000)), "not a media file"),
        ["text"] = (p => File.WriteAllText(p, "this is not audio, only text pretending to be a WAV file."), "not a media file"),
        ["unknown-codec-tag"] = (p => File.WriteAllBytes(p, Wav(Pcm(0.5), dataSize: null, tag: 0x1234)), "an audio codec no decoder here knows (format tag 0x1234)"),
        ["13-bit-samples"] = (p => File.WriteAllBytes(p, Wav(Pcm(0.5), dataSize: null, bits: 13)), "13-bit integer samples"),
        ["zero-channels"] = (p => File.WriteAllBytes(p, Wav(Pcm(0.5), dataSize: null, channels: 0)), "0 channels"),
        ["zero-sample-rate"] = (p => File.WriteAllBytes(p, Wav(Pcm(0.5), dataSize: null, rate: 0)), "sample rate of 0 Hz"),
        ["one-hertz-sample-rate"] = (p => File.WriteAllBytes(p, Wav(Pcm(0.05), dataSize: null, rate: 1)), "a sample rate of 1 Hz, too low for speech"),
        ["float-of-24-bits"] = (p => File.WriteAllBytes(p, Wav(Pcm(0.5), dataSize: null, tag: 3, bits: 24)), "24-bit float samples"),
    };

    /// <summary>The case names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names => [.. Cases.Keys];

    /// <summary>Writes case <paramref name="name"/> into <paramref name="directory"/> and returns its path (named *.wav, as a user would).</summary>
    public static string Write(string name, string directory)
    {
        string path = Path.Combine(directory, name + ".wav");
        Cases[name].Write(path);
        return path;
    }

    /// <summary>A real, valid 16 kHz mono 16-bit WAV of <paramref name="seconds"/> (30 MB ≈ 16 minutes): too long for a
    /// surface with a duration limit, fine for one without.</summary>
    public static string WriteLong(string directory, double seconds)
    {
        string path = Path.Combine(directory, "long.wav");
        File.WriteAllBytes(path, Wav(Pcm(seconds), dataSize: null));
        return path;
    }

    /// <summary>A valid mono WAV of silence at <paramref name="rate"/> Hz, 8-bit (unsigned) or 16-bit: 40 minutes at 8 kHz 8-bit are 19 MB.</summary>
    public static string WriteSilence(string path, double seconds, int rate, int bits)
    {
        byte[] data = new byte[(int)(seconds * rate) * (bits / 8)];
        if (bits == 8)
        {
            data.AsSpan().Fill(128);
        }

        File.WriteAllBytes(path, Wav(data, dataSize: null, rate: rate, bits: bits));
        return path;
    }

    /// <summary>16-bit PCM of a 400 Hz sawtooth at half scale, 16 kHz mono.</summary>
    public static byte[] Pcm(double seconds)
    {
        byte[] bytes = new byte[(int)(seconds * 16000) * 2];
        for (int i = 0; i < bytes.Length / 2; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), (short)(16000 * (((i % 40) / 20.0) - 1)));
        }

        return bytes;
    }

    private static byte[] RandomBytes(int length)
    {
        byte[] bytes = new byte[length];
        new Random(5).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A canonical RIFF/WAVE file around <paramref name="data"/>, with header fields that may lie (also the fuzz property's seeds).</summary>
    public static byte[] Wav(byte[] data, uint? dataSize, int tag = 1, int channels = 1, int rate = 16000, int bits = 16)
    {
        byte[] bytes = new byte[44 + data.Length];
        var h = bytes.AsSpan();
        int block = channels * ((bits + 7) / 8);
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], 36 + (dataSize ?? (uint)data.Length));
        "WAVEfmt "u8.CopyTo(h[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(h[20..], (short)tag);
        BinaryPrimitives.WriteInt16LittleEndian(h[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], rate);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], rate * block);
        BinaryPrimitives.WriteInt16LittleEndian(h[32..], (short)block);
        BinaryPrimitives.WriteInt16LittleEndian(h[34..], (short)bits);
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], dataSize ?? (uint)data.Length);
        data.CopyTo(h[44..]);
        return bytes;
    }
}
