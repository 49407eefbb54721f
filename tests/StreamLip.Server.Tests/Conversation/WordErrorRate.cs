namespace StreamLip.Server.Tests.Conversation;

/// <summary>Word error rate: (substitutions + deletions + insertions) / reference words, on lower-case words without punctuation.</summary>
internal static class WordErrorRate
{
    public static string[] Words(string text) =>
        new string([.. text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c == '\'' ? c : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Word edits that turn <paramref name="reference"/> into <paramref name="hypothesis"/> (Levenshtein on words).</summary>
    public static int Errors(string reference, string hypothesis)
    {
        string[] r = Words(reference);
        string[] h = Words(hypothesis);
        int[] row = [.. Enumerable.Range(0, h.Length + 1)];
        for (int i = 1; i <= r.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= h.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (r[i - 1] == h[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[h.Length];
    }
}
