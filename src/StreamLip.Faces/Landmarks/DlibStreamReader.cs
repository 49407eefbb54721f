using System.Runtime.CompilerServices;

namespace StreamLip.Faces.Landmarks;

/// <summary>
/// Reads dlib's portable serialisation (dlib/serialize.h) from a stream: integers as a control byte (bits 0-3 the
/// number of little-endian magnitude bytes that follow, 1-8; bit 7 the sign of a signed value) and floating-point
/// numbers as such an int64 mantissa and int16 exponent (value = mantissa · 2^exponent, dlib's float_details).
/// Every malformed value throws <see cref="InvalidDataException"/> with the byte offset where it started.
/// </summary>
internal sealed class DlibStreamReader
{
    // dlib's float_details exponents that stand for +inf, -inf and NaN.
    private const short PositiveInfinity = 32000;
    private const short NegativeInfinity = 32001;
    private const short NotANumber = 32002;

    // Room for the longest value (a float: 9 + 3 bytes) with margin, and large enough that refills are rare.
    private const int BufferBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _position;
    private int _length;
    private long _consumedBefore;

    public DlibStreamReader(Stream stream) => _stream = stream;

    /// <summary>Bytes read from the start of the stream so far.</summary>
    public long Offset => _consumedBefore + _position;

    /// <summary>An unsigned integer (dlib's unsigned long); the sign bit set is an error, as in dlib.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadUInt64()
    {
        long start = Offset;
        int control = ReadByte();
        int size = control & 0x8F;
        if (size is 0 or > 8)
        {
            throw Malformed(start, $"an unsigned integer's control byte 0x{control:X2} is invalid");
        }

        return ReadMagnitude(size, start);
    }

    /// <summary>A signed integer of at most <paramref name="maxBytes"/> magnitude bytes (8 for long, 4 for int, 2 for int16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ReadInt64(int maxBytes = 8)
    {
        long start = Offset;
        int control = ReadByte();
        int size = control & 0x0F;
        if (size == 0 || size > maxBytes)
        {
            throw Malformed(start, $"a signed integer's control byte 0x{control:X2} is invalid for a {maxBytes}-byte value");
        }

        ulong magnitude = ReadMagnitude(size, start);
        long value = unchecked((long)magnitude);
        return (control & 0x80) != 0 ? unchecked(-value) : value;
    }

    /// <summary>A float as dlib reads one into a <c>float</c>: ldexp((float)mantissa, exponent).</summary>
    public float ReadSingle()
    {
        long start = Offset;
        EnsureAvailable(1);

        // dlib's older text format for floats starts with an ASCII character; binary control bytes never set 0x70.
        if ((_buffer[_position] & 0x70) != 0)
        {
            throw Malformed(start, "a float is stored in dlib's old text format, which is not supported");
        }

        long mantissa = ReadInt64();
        int exponent = (int)ReadInt64(maxBytes: 2);
        return exponent switch
        {
            < PositiveInfinity => MathF.ScaleB(mantissa, exponent),
            PositiveInfinity => float.PositiveInfinity,
            NegativeInfinity => float.NegativeInfinity,
            _ => float.NaN,
        };
    }

    /// <summary>A count (dlib's unsigned long size of a vector) that must not exceed <paramref name="max"/>.</summary>
    public int ReadCount(string what, int max)
    {
        long start = Offset;
        ulong count = ReadUInt64();
        return count <= (ulong)max
            ? (int)count
            : throw Malformed(start, $"{what} count {count} is larger than the {max} this reader accepts");
    }

    /// <summary>An error for a value that started at <paramref name="offset"/>.</summary>
    public static InvalidDataException Malformed(long offset, string what) => new($"at byte {offset}: {what}");

    /// <summary>True when every byte of the stream has been read.</summary>
    public bool AtEnd()
    {
        if (_position < _length)
        {
            return false;
        }

        Refill();
        return _position >= _length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong ReadMagnitude(int size, long start)
    {
        EnsureAvailable(size, start);
        ulong value = 0;
        for (int i = size - 1; i >= 0; i--)
        {
            value = (value << 8) | _buffer[_position + i];
        }

        _position += size;
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadByte()
    {
        EnsureAvailable(1);
        return _buffer[_position++];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureAvailable(int count, long start = -1)
    {
        if (_length - _position >= count)
        {
            return;
        }

        Refill();
        if (_length - _position < count)
        {
            throw Malformed(start < 0 ? Offset : start, "the file ends in the middle of a value (truncated?)");
        }
    }

    private void Refill()
    {
        int left = _length - _position;
        Buffer.BlockCopy(_buffer, _position, _buffer, 0, left);
        _consumedBefore += _position;
        _position = 0;
        _length = left;
        int read;
        while (_length < _buffer.Length && (read = _stream.Read(_buffer, _length, _buffer.Length - _length)) > 0)
        {
            _length += read;
        }
    }
}
