using System.Buffers.Binary;
using System.IO.Compression;

namespace StreamLip.Tests.BadInput;

/// <summary>
/// Issue #14: images that are small on disk and huge once decoded, shared (as a linked source file) by the surfaces
/// that decode images: the video decoder (Media tests), <c>streamlip avatar build</c> (CLI tests) and the server's
/// avatar uploads and audio endpoints.
/// </summary>
public static class BadImageFiles
{
    /// <summary>
    /// Writes a valid 8-bit greyscale PNG of <paramref name="width"/> × <paramref name="height"/> black pixels: 30000 ×
    /// 30000 is under 1 MB on disk and 900 MB decoded (3.6 GB as BGRx). Every row is really there, so a decoder that
    /// ignores the header's size decodes it all (libpng and pngdec do).
    /// </summary>
    public static string WritePixelBomb(string path, int width = 30000, int height = 30000)
    {
        using var file = File.Create(path);
        file.Write([0x89, .. "PNG\r\n\x1a\n"u8]);
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (grey), deflate, filter 0, no interlace follow as zeros
        WriteChunk(file, "IHDR", header);

        using (var pixels = new MemoryStream())
        {
            using (var deflate = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                byte[] row = new byte[width + 1]; // filter byte 0, then the row's pixels
                for (int y = 0; y < height; y++)
                {
                    deflate.Write(row);
                }
            }

            WriteChunk(file, "IDAT", pixels.GetBuffer().AsSpan(0, (int)pixels.Length));
        }

        WriteChunk(file, "IEND", []);
        return path;
    }

    private static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        byte[] typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typed);
        data.CopyTo(typed.AsSpan(4));
        stream.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        stream.Write(word);
    }

    /// <summary>PNG's CRC-32 (ISO 3309, polynomial 0xEDB88320).</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
