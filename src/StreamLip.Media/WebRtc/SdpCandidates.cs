namespace StreamLip.Media.WebRtc;

/// <summary>
/// Puts gathered ICE candidates into an SDP text that lacks them. webrtcbin adds each candidate to its local
/// description on its own task thread; merging what the <c>on-ice-candidate</c> signal reported guarantees the
/// non-trickle answer carries every candidate even if the last one and the gathering-complete notification race.
/// </summary>
internal static class SdpCandidates
{
    /// <summary>
    /// Returns <paramref name="sdp"/> with <c>a=candidate</c> lines appended to their m-section for each gathered
    /// candidate it does not contain yet (the text itself when none is missing).
    /// </summary>
    public static string AddMissing(string sdp, IReadOnlyCollection<(int MLine, string Candidate)> gathered)
    {
        var missing = gathered.Where(g => !sdp.Contains("a=" + g.Candidate, StringComparison.Ordinal)).ToList();
        if (missing.Count == 0)
        {
            return sdp;
        }

        var lines = sdp.Split("\r\n").ToList();
        if (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        // For each m-line index, the line after its section's last line.
        var sectionEnds = new List<int>();
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("m=", StringComparison.Ordinal) && sectionEnds.Count > 0)
            {
                sectionEnds[^1] = i;
            }

            if (lines[i].StartsWith("m=", StringComparison.Ordinal))
            {
                sectionEnds.Add(lines.Count);
            }
        }

        // Insert from the last section backwards so earlier indices stay valid.
        foreach (var group in missing.Where(m => m.MLine < sectionEnds.Count).GroupBy(m => m.MLine).OrderByDescending(g => g.Key))
        {
            lines.InsertRange(sectionEnds[group.Key], group.Select(m => "a=" + m.Candidate));
        }

        return string.Join("\r\n", lines) + "\r\n";
    }
}
