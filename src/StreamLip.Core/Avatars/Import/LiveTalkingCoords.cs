namespace StreamLip.Avatars.Import;

/// <summary>
/// Reads the face boxes of a LiveTalking wav2lip avatar: <c>coords.pkl</c>, a pickled list with one
/// <c>(y1, y2, x1, x2)</c> per frame (NumPy or Python integers; LiveTalking's genavatar.py pickles the padded,
/// smoothed boxes its face detector found, and pastes the mouth back into <c>frame[y1:y2, x1:x2]</c>).
/// The pickle is read with <see cref="RestrictedPickle"/>: plain data only, nothing of it is run.
/// </summary>
public static class LiveTalkingCoords
{
    /// <summary>Refuses files larger than this (a 10 000-frame avatar's coords.pkl is ~1 MB).</summary>
    public const long MaxFileBytes = 64L << 20;

    /// <summary>The boxes in <paramref name="path"/>, one per frame, as x, y, width, height (right and bottom exclusive).</summary>
    /// <exception cref="AvatarException">Missing, too large, not a plain-data pickle, or not a list of 4-integer boxes; says which entry.</exception>
    public static IReadOnlyList<FaceBox> Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new AvatarException($"{path} is missing: a LiveTalking wav2lip avatar folder has coords.pkl (the face box of every frame) beside full_imgs/.");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new AvatarException($"{path} is {info.Length} bytes; face boxes take far less (at most {MaxFileBytes} bytes are read).");
        }

        object? value;
        try
        {
            value = RestrictedPickle.Read(File.ReadAllBytes(path), path);
        }
        catch (InvalidDataException e)
        {
            throw new AvatarException($"{e.Message} Expected LiveTalking's coords.pkl: a list of (y1, y2, x1, x2) integer tuples.", e);
        }

        return Parse(value, path);
    }

    /// <summary>Turns the unpickled value into boxes, or says which entry is not a (y1, y2, x1, x2) box.</summary>
    internal static IReadOnlyList<FaceBox> Parse(object? value, string path)
    {
        if (value is not IReadOnlyList<object?> entries)
        {
            throw new AvatarException($"{path} holds {Describe(value)}, not a list of (y1, y2, x1, x2) boxes.");
        }

        if (entries.Count == 0)
        {
            throw new AvatarException($"{path} holds an empty list: no face boxes.");
        }

        var boxes = new FaceBox[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] as IReadOnlyList<object?>;
            if (entry is not { Count: 4 } || !entry.All(IsInteger))
            {
                throw new AvatarException($"{path}: entry {i} is {Describe(entries[i])}, not a box of 4 integers (y1, y2, x1, x2).");
            }

            var (y1, y2, x1, x2) = (ToInt(entry[0]), ToInt(entry[1]), ToInt(entry[2]), ToInt(entry[3]));
            if (y2 <= y1 || x2 <= x1)
            {
                throw new AvatarException($"{path}: box {i} (y1 {y1}, y2 {y2}, x1 {x1}, x2 {x2}) is empty; LiveTalking's order is (y1, y2, x1, x2) with y1 < y2 and x1 < x2.");
            }

            boxes[i] = new FaceBox((int)x1, (int)y1, (int)(x2 - x1), (int)(y2 - y1));
        }

        return boxes;
    }

    private static bool IsInteger(object? v) => v switch
    {
        long n => n is >= int.MinValue and <= int.MaxValue,
        double d => double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue,
        _ => false,
    };

    private static long ToInt(object? v) => v is long n ? n : (long)(double)v!;

    private static string Describe(object? v) => v switch
    {
        null => "None",
        List<object?> l => $"a list of {l.Count}",
        object?[] t => $"a tuple of {t.Length}",
        long n => $"the integer {n}",
        double d => $"the float {d}",
        string s => $"the string '{(s.Length > 20 ? s[..20] + "…" : s)}'",
        byte[] b => $"{b.Length} bytes",
        bool b => b ? "True" : "False",
        _ => v.GetType().Name,
    };
}
