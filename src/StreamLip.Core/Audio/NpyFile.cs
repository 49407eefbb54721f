using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace StreamLip.Audio;

/// <summary>
/// Reads and writes float32 arrays in numpy's .npy format: magic <c>\x93NUMPY</c>, version, a Python dict
/// header (<c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (80, 249), }</c>) padded to a multiple of
/// 64 bytes, then the little-endian values in C order. Writes version 1.0; reads 1.0, 2.0 and 3.0.
/// </summary>
public static class NpyFile
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes <paramref name="data"/> with <paramref name="shape"/> to a new file at <paramref name="path"/> (replaced if present).</summary>
    public static void Write(string path, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(stream, data, shape);
    }

    /// <summary>Writes an .npy image to <paramref name="stream"/> at its position.</summary>
    /// <param name="stream">Destination; not closed.</param>
    /// <param name="data">Values in C order.</param>
    /// <param name="shape">Dimensions, outermost first; their product must be <paramref name="data"/>'s length.</param>
    public static void Write(Stream stream, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long count = 1;
        var dims = new StringBuilder();
        foreach (int d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count *= d;
            dims.Append(d.ToString(CultureInfo.InvariantCulture)).Append(", ");
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"The shape holds {count} values, the data has {data.Length}.", nameof(shape));
        }

        // numpy writes "(80, 249)", "(249,)" and "()".
        string shapeText = shape.Length switch
        {
            0 => "()",
            1 => $"({dims.ToString(0, dims.Length - 1)})",
            _ => $"({dims.ToString(0, dims.Length - 2)})",
        };
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shapeText}, }}";

        // Magic (6) + version (2) + header length (2) + dict + spaces + '\n' = a multiple of 64.
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int headerLength = dict.Length + 1 + ((64 - (unpadded % 64)) % 64);
        if (headerLength > ushort.MaxValue)
        {
            throw new ArgumentException("Too many dimensions for a version 1.0 header.", nameof(shape));
        }

        Span<byte> prefix = stackalloc byte[10];
        Magic.CopyTo(prefix);
        prefix[6] = 1;
        prefix[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix[8..], (ushort)headerLength);
        stream.Write(prefix);
        byte[] header = Encoding.ASCII.GetBytes(dict.PadRight(headerLength - 1) + "\n");
        stream.Write(header);
        WriteLittleEndian(stream, data);
    }

    /// <summary>Reads a float32 .npy file.</summary>
    public static NpyArray Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(stream);
    }

    /// <summary>Reads an .npy image from <paramref name="stream"/> at its position.</summary>
    /// <exception cref="InvalidDataException">Not an .npy image, not little-endian float32, Fortran order, or truncated.</exception>
    public static NpyArray Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, "magic and version");
        if (!prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not an .npy file (bad magic).");
        }

        int major = prefix[6];
        int headerLength;
        Span<byte> lengthBytes = stackalloc byte[4];
        if (major == 1)
        {
            ReadExactly(stream, lengthBytes[..2], "header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes);
        }
        else if (major is 2 or 3)
        {
            ReadExactly(stream, lengthBytes, "header length");
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
            headerLength = length <= 1 << 20 ? (int)length : throw new InvalidDataException("Implausible .npy header length.");
        }
        else
        {
            throw new InvalidDataException($"Unsupported .npy version {major}.{prefix[7]}.");
        }

        if (stream.CanSeek && stream.Length - stream.Position < headerLength)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"The .npy file is truncated: its header is {headerLength} bytes long, but only {Math.Max(0, stream.Length - stream.Position)} follow."));
        }

        byte[] headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, "header");
        string header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);

        string descr = DictValue(header, "descr");
        if (descr is not ("'<f4'" or "\"<f4\""))
        {
            throw new InvalidDataException($"Only little-endian float32 ('<f4') is supported, not {descr}.");
        }

        if (DictValue(header, "fortran_order") != "False")
        {
            throw new InvalidDataException("Fortran-ordered arrays are not supported.");
        }

        int[] shape = ParseShape(DictValue(header, "shape"));
        long count = shape.Contains(0) ? 0 : 1;
        foreach (int d in shape)
        {
            // Bounded at each step: a shape of large dimensions would overflow a long before the check.
            count = count == 0 || d <= Array.MaxLength / count ? count * d : throw new InvalidDataException(
                $"The .npy shape ({string.Join(", ", shape)}) holds more than {Array.MaxLength} values: too large for one array.");
        }

        // Checked before the array is allocated: a header of a few bytes must not make one claim gigabytes.
        long bytes = count * sizeof(float);
        if (stream.CanSeek && stream.Length - stream.Position < bytes)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture,
                $"The .npy file is truncated: its shape ({string.Join(", ", shape)}) holds {bytes} bytes of float32 values, but only {Math.Max(0, stream.Length - stream.Position)} follow the header."));
        }

        float[] data = new float[count];
        ReadExactly(stream, MemoryMarshal.AsBytes(data.AsSpan()), "values");
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> bits = MemoryMarshal.Cast<float, int>(data.AsSpan());
            BinaryPrimitives.ReverseEndianness(bits, bits);
        }

        return new NpyArray(data, shape);
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string part)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw new InvalidDataException($"The .npy file is truncated: it ends inside its {part}.");
        }
    }

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
            return;
        }

        Span<byte> value = stackalloc byte[4];
        foreach (float f in data)
        {
            BinaryPrimitives.WriteSingleLittleEndian(value, f);
            stream.Write(value);
        }
    }

    // The raw text of a value in the header dict: a quoted string, a bare word, or a parenthesised tuple.
    private static string DictValue(string header, string key)
    {
        int k = header.IndexOf($"'{key}'", StringComparison.Ordinal);
        if (k < 0)
        {
            k = header.IndexOf($"\"{key}\"", StringComparison.Ordinal);
        }

        int colon = k < 0 ? -1 : header.IndexOf(':', k + key.Length + 2);
        if (colon < 0)
        {
            throw new InvalidDataException($"The .npy header has no '{key}': {header.Trim()}");
        }

        int start = colon + 1;
        while (start < header.Length && header[start] == ' ')
        {
            start++;
        }

        int end = start < header.Length && header[start] == '('
            ? header.IndexOf(')', start) + 1
            : header.IndexOfAny([',', '}'], start);
        if (end <= start)
        {
            throw new InvalidDataException($"Malformed '{key}' in the .npy header: {header.Trim()}");
        }

        return header[start..end].Trim();
    }

    private static int[] ParseShape(string tuple)
    {
        if (tuple.Length < 2 || tuple[0] != '(' || tuple[^1] != ')')
        {
            throw new InvalidDataException($"Malformed .npy shape {tuple}.");
        }

        string[] parts = tuple[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int[] shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            // numpy may write Python longs as "80L" (Python 2).
            string p = parts[i].TrimEnd('L');
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
            {
                throw new InvalidDataException($"Malformed .npy shape {tuple}.");
            }
        }

        return shape;
    }
}
