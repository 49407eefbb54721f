using System.Buffers.Binary;
using System.Text;
using CsCheck;

namespace StreamLip.Tests.Fuzz;

/// <summary>
/// Inputs for the fuzz properties (issue #14 item 5): valid seeds broken by a few edits each, as a mutation fuzzer
/// breaks them — bit flips, bytes and 32-bit words overwritten with the values parsers trip on, truncation, insertion,
/// duplicated and deleted chunks, lines duplicated or dropped, a number, string or list in the text set to a huge,
/// negative or NaN number, null or an empty value — and, one case in ten, random bytes. Every edit is a value CsCheck
/// draws, so a failure shrinks to fewer, smaller edits.
/// </summary>
internal static class Mutations
{
    private static readonly byte[] InterestingBytes = [0x00, 0xFF, 0x7F, 0x80, 0x01];

    private static readonly uint[] InterestingWords = [0, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFF, 0x10000, 0x40000000];

    /// <summary>What a number, a string or a list in a text is set to.</summary>
    private static readonly string[] InterestingValues =
    [
        "0", "-1", "2147483647", "2147483648", "-2147483649", "4294967296", "99999999999999999999", "1e309", "NaN",
        "-0", "1.5", "Infinity", "65536", "null", "\"\"", "[]", "{}", "true",
    ];

    /// <summary>What SDP, JSON, Python dicts and pickles give meaning to.</summary>
    private static readonly string[] InterestingText = ["\0", "\r", "\n", "\r\n", " ", ":", "=", ",", "(", ")", "{", "}", "[", "]", "\"", "'", "\\", "é", "a=", "m="];

    private const int Kinds = 12;

    private static readonly Gen<Edit> Edits = Gen.Select(Gen.Int[0, Kinds - 1], Gen.Int[0, int.MaxValue], Gen.Int[0, 64], Gen.Int, (kind, at, length, value) => new Edit(kind, at, length, value));

    /// <summary>Mutants of <paramref name="seeds"/> (1–6 edits each), and random bytes one case in ten.</summary>
    public static Gen<byte[]> Of(params byte[][] seeds)
    {
        // Shortest first: CsCheck shrinks towards the first seed, so a failure shows on the smallest one that has it.
        byte[][] ordered = [.. seeds.OrderBy(s => s.Length)];
        return Gen.Frequency(
            (9, Gen.Select(Gen.Int[0, ordered.Length - 1], Edits.Array[1, 6], (seed, edits) => Apply(ordered[seed], edits))),
            (1, Gen.Byte.Array[0, 1024]));
    }

    /// <summary>Mutants of text <paramref name="seeds"/>, edited as UTF-8 bytes and read back (broken sequences become U+FFFD).</summary>
    public static Gen<string> OfText(params string[] seeds) =>
        Of([.. seeds.Select(Encoding.UTF8.GetBytes)]).Select(Encoding.UTF8.GetString);

    private static byte[] Apply(byte[] seed, Edit[] edits)
    {
        var data = new List<byte>(seed);
        foreach (var edit in edits)
        {
            Apply(data, edit);
        }

        return [.. data];
    }

    private static void Apply(List<byte> data, Edit e)
    {
        int at = data.Count == 0 ? 0 : e.At % data.Count;
        switch (e.Kind)
        {
            case 0 when data.Count > 0:
                data[at] ^= (byte)(1 << (e.Value & 7));
                break;
            case 1 when data.Count > 0:
                data[at] = InterestingBytes[(uint)e.Value % InterestingBytes.Length];
                break;
            case 2 when data.Count >= 4:
                Span<byte> word = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32LittleEndian(word, InterestingWords[(uint)e.Value % InterestingWords.Length]);
                int w = Math.Min(at, data.Count - 4);
                for (int i = 0; i < 4; i++)
                {
                    data[w + i] = word[i];
                }

                break;
            case 3:
                data.RemoveRange(e.At % (data.Count + 1), data.Count - (e.At % (data.Count + 1)));
                break;
            case 4:
                byte[] random = new byte[e.Length + 1];
                new Random(e.Value).NextBytes(random);
                data.InsertRange(at, random);
                break;
            case 5:
                data.InsertRange(at, data.GetRange(at, Math.Min(e.Length + 1, data.Count - at)));
                break;
            case 6:
                data.RemoveRange(at, Math.Min(e.Length + 1, data.Count - at));
                break;
            case 7 when data.Count > 0:
                data[at] = (byte)e.Value;
                break;
            case 8:
                ReplaceToken(data, e.At, InterestingValues[(uint)e.Value % InterestingValues.Length]);
                break;
            case 9:
                data.InsertRange(at, Encoding.UTF8.GetBytes(InterestingText[(uint)e.Value % InterestingText.Length]));
                break;
            case 10:
                EditLine(data, e.At, duplicate: true);
                break;
            case 11:
                EditLine(data, e.At, duplicate: false);
                break;
        }
    }

    // The n-th token — a run of ASCII digits (a length, a port, a shape, a JSON number), a quoted string or an innermost
    // [...] — becomes `value`.
    private static void ReplaceToken(List<byte> data, int n, string value)
    {
        var tokens = new List<(int Start, int Length)>();
        for (int i = 0; i < data.Count; i++)
        {
            int end = data[i] switch
            {
                var b when char.IsAsciiDigit((char)b) && (i == 0 || !char.IsAsciiDigit((char)data[i - 1])) => Skip(data, i, b => char.IsAsciiDigit((char)b)),
                (byte)'"' or (byte)'\'' => data.IndexOf(data[i], i + 1) + 1,
                (byte)'[' => data.IndexOf((byte)']', i) + 1 is var close and > 0 && !data.GetRange(i + 1, close - i - 2).Contains((byte)'[') ? close : 0,
                _ => 0,
            };
            if (end > i)
            {
                tokens.Add((i, end - i));
            }
        }

        if (tokens.Count > 0)
        {
            var (start, length) = tokens[n % tokens.Count];
            data.RemoveRange(start, length);
            data.InsertRange(start, Encoding.UTF8.GetBytes(value));
        }
    }

    private static int Skip(List<byte> data, int i, Func<byte, bool> inToken)
    {
        while (i < data.Count && inToken(data[i]))
        {
            i++;
        }

        return i;
    }

    // The n-th line (up to and with its '\n') is written twice, or dropped.
    private static void EditLine(List<byte> data, int n, bool duplicate)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < data.Count - 1; i++)
        {
            if (data[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        int start = starts[n % starts.Count];
        int end = data.IndexOf((byte)'\n', start) is var nl and >= 0 ? nl + 1 : data.Count;
        if (duplicate)
        {
            data.InsertRange(end, data.GetRange(start, end - start));
        }
        else
        {
            data.RemoveRange(start, end - start);
        }
    }

    /// <summary>One edit: its kind, where (taken modulo the length), how long, and which value.</summary>
    private readonly record struct Edit(int Kind, int At, int Length, int Value);
}
