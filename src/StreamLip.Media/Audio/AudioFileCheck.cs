using System.Buffers.Binary;
using System.Globalization;

namespace StreamLip.Media.Audio;

/// <summary>
/// Checks an audio file before GStreamer sees it, for what GStreamer lets through quietly: an empty file, and a RIFF/WAVE
/// header that is cut off, declares more audio than the file holds (a truncated upload, or a header claiming gigabytes),
/// or declares a sample format no WAV reader should guess at. Other formats are left to the decoder.
/// </summary>
internal static class AudioFileCheck
{
    /// <summary>RIFF sizes that mean "unknown" (written by streaming encoders before the length is known).</summary>
    private const uint StreamingSize = 0xFFFFFFFF;

    private const int FormatPcm = 1;
    private const int FormatFloat = 3;
    private const int FormatExtensible = 0xFFFE;

    /// <summary>WAV format tags GStreamer's RIFF reader maps to a decoder (gst-plugins-base riff-media): PCM, ADPCM, float,
    /// A-law, mu-law, IMA ADPCM, GSM, MPEG audio, Dolby, AAC, WMA, AC-3, DTS, AMR, Speex, Vorbis, extensible. Any other
    /// tag is refused here with its number, rather than with whichever error GStreamer happens to raise first.</summary>
    private static readonly HashSet<int> KnownTags =
    [
        0x0001, 0x0002, 0x0003, 0x0006, 0x0007, 0x0011, 0x0031, 0x0050, 0x0055, 0x0092, 0x00FF, 0x0160, 0x0161, 0x0162,
        0x0163, 0x1610, 0x2000, 0x2001, 0x674F, 0x6750, 0x6751, 0x676F, 0x6770, 0x6771, 0x7A21, 0x7A22, 0xA109, 0xFFFE,
    ];

    /// <summary>Throws <see cref="InvalidDataException"/> (naming <paramref name="path"/> and the problem) when the file
    /// is empty or is a WAV file whose header cannot be right, and <see cref="AudioTooLongException"/> when an
    /// uncompressed WAV's header declares more audio than <paramref name="maxDuration"/> (before anything is decoded).</summary>
    public static void ThrowIfBroken(string path, TimeSpan maxDuration)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.None);
        long length = file.Length;
        if (length == 0)
        {
            throw new InvalidDataException($"'{path}' is empty (0 bytes): there is no audio in it.");
        }

        Span<byte> riff = stackalloc byte[12];
        if (file.ReadAtLeast(riff, riff.Length, throwOnEndOfStream: false) < riff.Length
            || !riff[..4].SequenceEqual("RIFF"u8) || !riff[8..12].SequenceEqual("WAVE"u8))
        {
            return; // not a WAV file: GStreamer's typefinder decides
        }

        bool sawFormat = false;
        long bytesPerSecond = 0;
        Span<byte> chunk = stackalloc byte[8];
        Span<byte> format = stackalloc byte[16];
        while (true)
        {
            long at = file.Position;
            if (file.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false) < chunk.Length)
            {
                throw new InvalidDataException($"'{path}' is a truncated WAV file: it ends after {length} bytes, inside its header, before any audio data.");
            }

            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            long available = length - at - chunk.Length;
            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                if (size < 16 || file.ReadAtLeast(format, format.Length, throwOnEndOfStream: false) < format.Length)
                {
                    throw new InvalidDataException($"'{path}' is a truncated WAV file: its format chunk is cut short.");
                }

                CheckFormat(path, format);
                sawFormat = true;
                bytesPerSecond = BytesPerSecond(format);
                file.Position = at + chunk.Length + size + (size & 1);
                continue;
            }

            if (chunk[..4].SequenceEqual("data"u8))
            {
                if (!sawFormat)
                {
                    throw new InvalidDataException($"'{path}' is not a valid WAV file: its audio data comes before any format chunk.");
                }

                if (size != StreamingSize && size > available)
                {
                    throw new InvalidDataException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"'{path}' is truncated or its header is wrong: the WAV header declares {size} bytes of audio, but the file holds only {Math.Max(0, available)} after the header."));
                }

                long dataBytes = size == StreamingSize ? available : size;
                if (bytesPerSecond > 0 && maxDuration != Timeout.InfiniteTimeSpan && dataBytes > maxDuration.TotalSeconds * bytesPerSecond)
                {
                    throw new AudioTooLongException(path, maxDuration, TimeSpan.FromSeconds(dataBytes / (double)bytesPerSecond));
                }

                return;
            }

            if (size > available)
            {
                throw new InvalidDataException($"'{path}' is a truncated WAV file: its '{System.Text.Encoding.ASCII.GetString(chunk[..4])}' chunk runs past the end of the file, before any audio data.");
            }

            file.Position = at + chunk.Length + size + (size & 1);
        }
    }

    // Uncompressed PCM and float only: for them the header's data size over this is the exact duration. 0 otherwise.
    private static long BytesPerSecond(ReadOnlySpan<byte> fmt)
    {
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        return tag is FormatPcm or FormatFloat or FormatExtensible ? (long)rate * channels * ((bits + 7) / 8) : 0;
    }

    private static void CheckFormat(string path, ReadOnlySpan<byte> fmt)
    {
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        string? problem = (tag, channels, rate, bits) switch
        {
            _ when !KnownTags.Contains(tag) => "an audio codec no decoder here knows",
            (_, 0, _, _) => "0 channels",
            (_, _, 0, _) => "a sample rate of 0 Hz",
            (_, _, > 384_000, _) => $"a sample rate of {rate} Hz",
            (_, _, < 4000, _) => $"a sample rate of {rate} Hz, too low for speech (4000 Hz or more)",
            (FormatPcm or FormatExtensible, _, _, not (8 or 16 or 24 or 32)) => $"{bits}-bit integer samples (8, 16, 24 or 32 are readable)",
            (FormatFloat, _, _, not (32 or 64)) => $"{bits}-bit float samples (32 or 64 are readable)",
            _ => null,
        };
        if (problem is not null)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' has an unusable WAV format: its header declares {problem} (format tag 0x{tag:X4})."));
        }
    }
}
