using System.Text;

namespace StreamLip.Conversation;

/// <summary>
/// Cuts a reply that streams in as text deltas into sentences, each handed out as soon as it is complete, so speech
/// synthesis of the first can start while the model still writes the rest. A sentence ends at <c>.</c>, <c>!</c>,
/// <c>?</c>, <c>;</c>, <c>:</c> (or their CJK forms) followed by white space, or at a line break; a sentence that runs
/// past <see cref="MaxLength"/> characters is cut at its last space. Not thread-safe.
/// </summary>
public sealed class SentenceSplitter
{
    private readonly StringBuilder _pending = new();
    private int _scanned;

    /// <summary>Makes a splitter.</summary>
    /// <param name="maxLength">Longest sentence handed out before it is cut at a space (20..10000 characters).</param>
    public SentenceSplitter(int maxLength = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 20);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLength, 10_000);
        MaxLength = maxLength;
    }

    /// <summary>Longest sentence before a cut at a space, characters.</summary>
    public int MaxLength { get; }

    /// <summary>Adds a delta; returns the sentences it completed (trimmed, none empty), in order.</summary>
    public IReadOnlyList<string> Add(string delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        _pending.Append(delta);
        List<string>? done = null;
        for (int i = _scanned; i < _pending.Length; i++)
        {
            char c = _pending[i];
            bool end = c is '\n' or '。' or '！' or '？'
                || (IsTerminator(c) && i + 1 < _pending.Length && char.IsWhiteSpace(_pending[i + 1]));
            if (!end && i + 1 >= MaxLength)
            {
                int space = LastSpace(i);
                if (space > 0)
                {
                    i = space;
                    end = true;
                }
            }

            if (end)
            {
                Take(i + 1, ref done);
                i = -1;
            }
        }

        _scanned = Math.Max(0, _pending.Length - 1); // a terminator at the very end waits for what follows it
        return done ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The reply ended: what is left, trimmed, or null when nothing is.</summary>
    public string? Flush()
    {
        string rest = _pending.ToString().Trim();
        _pending.Clear();
        _scanned = 0;
        return rest.Length == 0 ? null : rest;
    }

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or ';' or ':';

    private int LastSpace(int end)
    {
        for (int j = end; j > 0; j--)
        {
            if (char.IsWhiteSpace(_pending[j]))
            {
                return j;
            }
        }

        return -1;
    }

    private void Take(int length, ref List<string>? done)
    {
        string sentence = _pending.ToString(0, length).Trim();
        _pending.Remove(0, length);
        if (sentence.Length > 0)
        {
            (done ??= []).Add(sentence);
        }
    }
}
