namespace StreamLip.Media.WebRtc;

/// <summary>One RTP payload format of an m-line: its payload type, <c>a=rtpmap</c> encoding and <c>a=fmtp</c> parameters.</summary>
/// <param name="PayloadType">The RTP payload type (0–127).</param>
/// <param name="Encoding">The encoding name as written, e.g. <c>opus</c>, <c>VP8</c>, <c>H264</c>.</param>
/// <param name="ClockRate">The RTP clock rate in Hz.</param>
/// <param name="Parameters">The <c>a=fmtp</c> text for this payload type, or empty.</param>
internal sealed record SdpFormat(int PayloadType, string Encoding, int ClockRate, string Parameters)
{
    /// <summary>Whether <paramref name="name"/> (case-insensitive) is this format's encoding.</summary>
    public bool Is(string name) => string.Equals(Encoding, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The value of one <c>key=value</c> fmtp parameter, or null.</summary>
    public string? Parameter(string key)
    {
        foreach (string part in Parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && string.Equals(part[..eq].Trim(), key, StringComparison.OrdinalIgnoreCase))
            {
                return part[(eq + 1)..].Trim();
            }
        }

        return null;
    }
}
