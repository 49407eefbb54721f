using System.Buffers.Binary;

namespace StreamLip.Avatars.Import;

/// <summary>
/// A NumPy integer or float dtype as a pickle describes it: kind (<c>i</c>, <c>u</c>, <c>f</c>), size in bytes and,
/// once its state is set, byte order. Only what <see cref="RestrictedPickle"/> needs to decode a scalar.
/// </summary>
internal sealed class NumpyDtype
{
    private NumpyDtype(char kind, int size)
    {
        Kind = kind;
        Size = size;
    }

    /// <summary><c>i</c> signed integer, <c>u</c> unsigned integer, <c>f</c> IEEE float.</summary>
    public char Kind { get; }

    /// <summary>Bytes per value.</summary>
    public int Size { get; }

    /// <summary>Whether values are stored big-endian (state <c>'&gt;'</c>); NumPy pickles native little-endian as <c>'&lt;'</c>.</summary>
    public bool BigEndian { get; private set; }

    /// <summary>The dtype of a code such as <c>i8</c>, <c>u1</c>, <c>f4</c>; other dtypes are an error.</summary>
    public static NumpyDtype Create(string code, int at, RestrictedPickle reader)
    {
        if (code.Length == 2 && code[0] is 'i' or 'u' && code[1] is '1' or '2' or '4' or '8')
        {
            return new NumpyDtype(code[0], code[1] - '0');
        }

        if (code is "f4" or "f8")
        {
            return new NumpyDtype('f', code[1] - '0');
        }

        throw reader.Error(at, $"holds a NumPy scalar of dtype '{code}'; only integer (i1–i8, u1–u8) and float (f4, f8) scalars are read");
    }

    /// <summary>Applies the pickled state tuple <c>(version, byteorder, ...)</c>.</summary>
    public void SetState(object? state, int at, RestrictedPickle reader)
    {
        BigEndian = state is object?[] { Length: >= 2 } tuple && tuple[1] is string order
            ? order switch
            {
                "<" or "|" or "=" => false,
                ">" => true,
                _ => throw reader.Error(at, $"gives a NumPy dtype the byte order '{order}'"),
            }
            : throw reader.Error(at, "gives a NumPy dtype a state that is not (version, byte order, ...)");
    }

    /// <summary>The value of one scalar's raw bytes: <see cref="long"/> for integers, <see cref="double"/> for floats.</summary>
    public object Decode(byte[] raw, int at, RestrictedPickle reader)
    {
        if (raw.Length != Size)
        {
            throw reader.Error(at, $"holds a {Kind}{Size} NumPy scalar of {raw.Length} bytes");
        }

        // A copy: the bytes object may be memoised and read again.
        Span<byte> bytes = stackalloc byte[8];
        raw.CopyTo(bytes);
        bytes = bytes[..Size];
        if (BigEndian)
        {
            bytes.Reverse();
        }

        // Each arm boxed on its own: a switch over double and long arms would make every value a double.
        return (Kind, Size) switch
        {
            ('f', 4) => (object)(double)BinaryPrimitives.ReadSingleLittleEndian(bytes),
            ('f', _) => (object)BinaryPrimitives.ReadDoubleLittleEndian(bytes),
            ('i', 1) => (object)(long)(sbyte)bytes[0],
            ('i', 2) => (object)(long)BinaryPrimitives.ReadInt16LittleEndian(bytes),
            ('i', 4) => (object)(long)BinaryPrimitives.ReadInt32LittleEndian(bytes),
            ('i', _) => (object)BinaryPrimitives.ReadInt64LittleEndian(bytes),
            ('u', 1) => (object)(long)bytes[0],
            ('u', 2) => (object)(long)BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            ('u', 4) => (object)(long)BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes) <= long.MaxValue
                ? (object)(long)BinaryPrimitives.ReadUInt64LittleEndian(bytes)
                : throw reader.Error(at, "holds a u8 NumPy scalar that does not fit 64 bits"),
        };
    }
}
