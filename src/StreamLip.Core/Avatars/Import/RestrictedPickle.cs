using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace StreamLip.Avatars.Import;

/// <summary>
/// Reads a Python pickle that holds only data — lists, tuples, ints, floats, strings, bytes, booleans, None and
/// NumPy integer/float scalars (<c>numpy.int64(7)</c> pickles as a call of <c>numpy.core.multiarray.scalar</c>) — and
/// refuses everything else before anything of it is made. Nothing of Python is run: the two NumPy names are
/// decoded here, from their dtype string and raw bytes; any other global, dicts, sets and objects are an error.
/// </summary>
/// <remarks>
/// Result types: list → <see cref="List{T}"/> of object?, tuple → object?[], int → <see cref="long"/> (larger ones
/// are an error), float → <see cref="double"/>, str → <see cref="string"/>, bytes → byte[], bool, null.
/// Protocols 2–5 (what Python 3 writes; its default is 4). Not thread-safe per instance; the static entry is.
/// </remarks>
internal sealed class RestrictedPickle
{
    private const int MaxDepth = 64;

    private static readonly object Mark = new();

    private readonly byte[] _data;
    private readonly string _name;
    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();
    private readonly Dictionary<long, object?> _memo = [];
    private int _pos;

    private RestrictedPickle(byte[] data, string name)
    {
        _data = data;
        _name = name;
    }

    /// <summary>The value pickled in <paramref name="data"/>.</summary>
    /// <param name="data">The whole pickle.</param>
    /// <param name="name">What to call it in messages (a file name).</param>
    /// <exception cref="InvalidDataException">Not a pickle, truncated, or it holds something other than plain data; says what and where.</exception>
    public static object? Read(byte[] data, string name)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new RestrictedPickle(data, name).Run();
    }

    private object? Run()
    {
        if (_data.Length < 2 || _data[0] != 0x80)
        {
            throw Error(0, "is not a binary Python pickle (protocol 2 or later; Python 3's pickle.dump writes protocol 4)");
        }

        while (true)
        {
            int at = _pos;
            byte op = Byte();
            switch (op)
            {
                case 0x80: // PROTO
                    byte protocol = Byte();
                    if (protocol is < 2 or > 5)
                    {
                        throw Error(at, $"uses pickle protocol {protocol}; protocols 2–5 are read");
                    }

                    break;
                case 0x95: // FRAME: only a length hint
                    Take(8);
                    break;
                case (byte)'.': // STOP
                    if (_stack.Count != 1 || _marks.Count != 0)
                    {
                        throw Error(at, "ends with an unbalanced stack");
                    }

                    return Unwrap(_stack[0], at);
                case (byte)'(': // MARK
                    _marks.Push(_stack.Count);
                    _stack.Add(Mark);
                    break;
                case (byte)']': // EMPTY_LIST
                    Push(new List<object?>());
                    break;
                case (byte)')': // EMPTY_TUPLE
                    Push(Array.Empty<object?>());
                    break;
                case (byte)'a': // APPEND
                    object? item = Pop(at);
                    ListAt(_stack.Count - 1, at).Add(item);
                    break;
                case (byte)'e': // APPENDS
                    var items = PopToMark(at);
                    ListAt(_stack.Count - 1, at).AddRange(items);
                    break;
                case (byte)'t': // TUPLE
                    Push(PopToMark(at).ToArray());
                    break;
                case 0x85: // TUPLE1
                    Push(new[] { Pop(at) });
                    break;
                case 0x86: // TUPLE2
                    object? b2 = Pop(at);
                    Push(new[] { Pop(at), b2 });
                    break;
                case 0x87: // TUPLE3
                    object? c3 = Pop(at);
                    object? b3 = Pop(at);
                    Push(new[] { Pop(at), b3, c3 });
                    break;
                case (byte)'J': // BININT
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4)));
                    break;
                case (byte)'K': // BININT1
                    Push((long)Byte());
                    break;
                case (byte)'M': // BININT2
                    Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2)));
                    break;
                case 0x8a: // LONG1
                    Push(Long(Take(Byte()), at));
                    break;
                case 0x8b: // LONG4
                    Push(Long(Take(Length(BinaryPrimitives.ReadInt32LittleEndian(Take(4)), at)), at));
                    break;
                case (byte)'G': // BINFLOAT (big-endian)
                    Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8)));
                    break;
                case (byte)'N':
                    Push(null);
                    break;
                case 0x88:
                    Push(true);
                    break;
                case 0x89:
                    Push(false);
                    break;
                case 0x8c: // SHORT_BINUNICODE
                    Push(Utf8(Take(Byte()), at));
                    break;
                case (byte)'X': // BINUNICODE
                    Push(Utf8(Take(Length(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), at)), at));
                    break;
                case 0x8d: // BINUNICODE8
                    Push(Utf8(Take(Length(BinaryPrimitives.ReadUInt64LittleEndian(Take(8)), at)), at));
                    break;
                case (byte)'C': // SHORT_BINBYTES
                    Push(Take(Byte()).ToArray());
                    break;
                case (byte)'B': // BINBYTES
                    Push(Take(Length(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), at)).ToArray());
                    break;
                case 0x8e: // BINBYTES8
                    Push(Take(Length(BinaryPrimitives.ReadUInt64LittleEndian(Take(8)), at)).ToArray());
                    break;
                case 0x94: // MEMOIZE
                    _memo[_memo.Count] = Top(at);
                    break;
                case (byte)'q': // BINPUT
                    _memo[Byte()] = Top(at);
                    break;
                case (byte)'r': // LONG_BINPUT
                    _memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Top(at);
                    break;
                case (byte)'h': // BINGET
                    Push(Memo(Byte(), at));
                    break;
                case (byte)'j': // LONG_BINGET
                    Push(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), at));
                    break;
                case (byte)'0': // POP
                    Pop(at);
                    break;
                case (byte)'1': // POP_MARK
                    PopToMark(at);
                    break;
                case (byte)'2': // DUP
                    Push(Top(at));
                    break;
                case 0x93: // STACK_GLOBAL
                    string? globalName = Pop(at) as string;
                    string? globalModule = Pop(at) as string;
                    Push(Global(globalModule, globalName, at));
                    break;
                case (byte)'c': // GLOBAL: "module\nname\n"
                    Push(Global(Line(at), Line(at), at));
                    break;
                case (byte)'R': // REDUCE
                    object?[] args = Pop(at) as object?[] ?? throw Error(at, "calls something with arguments that are not a tuple");
                    Push(Call(Pop(at), args, at));
                    break;
                case (byte)'b': // BUILD
                    object? state = Pop(at);
                    if (Top(at) is not NumpyDtype dtype)
                    {
                        throw Error(at, "sets the state of an object (BUILD); only NumPy dtypes may have one here");
                    }

                    dtype.SetState(state, at, this);
                    break;
                case (byte)'}' or (byte)'d' or 0x8f or 0x90 or 0x91:
                    throw Error(at, "holds a dict or a set; only lists, tuples and numbers are read");
                default:
                    throw Error(at, $"uses pickle opcode 0x{op:x2} ('{(op is >= 32 and < 127 ? (char)op : '?')}'), which this reader does not accept (it reads lists, tuples, numbers and NumPy scalars only)");
            }

            if (_marks.Count > MaxDepth)
            {
                throw Error(at, $"nests deeper than {MaxDepth} levels");
            }
        }
    }

    internal InvalidDataException Error(int at, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{_name} {what} (byte {at})."));

    private object Global(string? module, string? name, int at) => (module, name) switch
    {
        ("numpy.core.multiarray" or "numpy._core.multiarray", "scalar") => NumpyGlobal.Scalar,
        ("numpy", "dtype") => NumpyGlobal.Dtype,
        _ => throw Error(at, $"names the Python object {module}.{name}; it was not loaded, since unpickling it could run code. Only lists, tuples, numbers and NumPy integer/float scalars are read"),
    };

    private object Call(object? callable, object?[] args, int at)
    {
        if (callable is NumpyGlobal.Dtype && args is [string code, ..])
        {
            return NumpyDtype.Create(code, at, this);
        }

        if (callable is NumpyGlobal.Scalar && args is [NumpyDtype type, byte[] raw])
        {
            return type.Decode(raw, at, this);
        }

        throw Error(at, callable is NumpyGlobal ? "calls a NumPy constructor with arguments other than a dtype and its bytes" : "calls something that is not a NumPy scalar or dtype");
    }

    private object Unwrap(object? value, int at) => value switch
    {
        NumpyDtype or NumpyGlobal => throw Error(at, "holds a NumPy type, not data"),
        _ when ReferenceEquals(value, Mark) => throw Error(at, "ends inside a MARK"),
        _ => value!,
    };

    private long Long(ReadOnlySpan<byte> bytes, int at)
    {
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : throw Error(at, "holds an integer that does not fit 64 bits");
    }

    private int Length(long length, int at) =>
        length < 0 || length > _data.Length - _pos ? throw Error(at, "is truncated (a string or bytes runs past the end)") : (int)length;

    private int Length(ulong length, int at) => Length(length > int.MaxValue ? -1 : (long)length, at);

    private string Utf8(ReadOnlySpan<byte> bytes, int at)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error(at, "holds a string that is not UTF-8");
        }
    }

    private string Line(int at)
    {
        int end = Array.IndexOf(_data, (byte)'\n', _pos);
        if (end < 0)
        {
            throw Error(at, "is truncated (a GLOBAL name has no end)");
        }

        string text = Encoding.ASCII.GetString(_data, _pos, end - _pos);
        _pos = end + 1;
        return text;
    }

    private byte Byte() => Take(1)[0];

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _pos)
        {
            throw Error(_pos, "is truncated");
        }

        var span = _data.AsSpan(_pos, count);
        _pos += count;
        return span;
    }

    private void Push(object? value) => _stack.Add(value);

    private object? Top(int at) => _stack.Count > 0 && !ReferenceEquals(_stack[^1], Mark) ? _stack[^1] : throw Error(at, "reads an empty stack");

    private object? Pop(int at)
    {
        object? value = Top(at);
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private List<object?> PopToMark(int at)
    {
        if (_marks.Count == 0)
        {
            throw Error(at, "has no MARK to pop to");
        }

        int mark = _marks.Pop();
        var items = _stack.GetRange(mark + 1, _stack.Count - mark - 1);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private List<object?> ListAt(int index, int at) =>
        index >= 0 && _stack[index] is List<object?> list ? list : throw Error(at, "appends to something that is not a list");

    private object? Memo(long key, int at) => _memo.TryGetValue(key, out object? value) ? value : throw Error(at, $"refers to memo entry {key}, which was never stored");
}
