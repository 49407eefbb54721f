using System.Globalization;

namespace StreamLip.Realtime.Transport;

/// <summary>One ICE candidate as browsers and WebRTC signalling exchange it (<c>RTCIceCandidate.candidate</c> and <c>sdpMLineIndex</c>).</summary>
/// <param name="Candidate">
/// The candidate attribute, <c>candidate:&lt;foundation&gt; &lt;component&gt; &lt;transport&gt; &lt;priority&gt;
/// &lt;address&gt; &lt;port&gt; typ &lt;type&gt; ...</c> (an <c>a=</c> prefix is accepted); an empty string marks the
/// end of the remote candidates.
/// </param>
/// <param name="SdpMLineIndex">The index of the m-line the candidate belongs to (0-based).</param>
public readonly record struct IceCandidate(string Candidate, int SdpMLineIndex)
{
    /// <summary>Longest candidate line accepted; real ones are about 100–200 characters.</summary>
    public const int MaxLength = 1024;

    private static readonly string[] Types = ["host", "srflx", "prflx", "relay"];

    /// <summary>
    /// Checks the candidate's grammar (RFC 8839 §5.1) and returns it without an <c>a=</c> prefix; the empty
    /// end-of-candidates marker stays empty.
    /// </summary>
    /// <exception cref="ArgumentException">The candidate is malformed; the message says which part.</exception>
    public string Validate()
    {
        if (SdpMLineIndex < 0)
        {
            throw Bad($"its sdpMLineIndex is {SdpMLineIndex}; it must be 0 or more");
        }

        string text = (Candidate ?? throw Bad("its candidate is null")).Trim();
        if (text.Length == 0)
        {
            return "";
        }

        if (text.Length > MaxLength)
        {
            throw Bad($"it is {text.Length} characters long; at most {MaxLength} are accepted");
        }

        if (text.StartsWith("a=", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (!text.StartsWith("candidate:", StringComparison.Ordinal))
        {
            throw Bad("it must start with 'candidate:'");
        }

        string[] f = text["candidate:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 8)
        {
            throw Bad("it needs foundation, component, transport, priority, address, port, 'typ' and a type");
        }

        if (f[0].Length > 32 || !f[0].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
        {
            throw Bad($"its foundation '{f[0]}' is not 1–32 letters, digits, '+' or '/'");
        }

        if (!int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out int component) || component is < 1 or > 256)
        {
            throw Bad($"its component '{f[1]}' is not a number from 1 to 256");
        }

        if (!f[2].Equals("udp", StringComparison.OrdinalIgnoreCase) && !f[2].Equals("tcp", StringComparison.OrdinalIgnoreCase))
        {
            throw Bad($"its transport '{f[2]}' is neither UDP nor TCP");
        }

        if (!uint.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw Bad($"its priority '{f[3]}' is not a 32-bit unsigned number");
        }

        if (f[4].Length > 253 || !f[4].All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or ':' or '-' or '%' or '_'))
        {
            throw Bad($"its address '{f[4]}' is not an IP address or host name");
        }

        if (!int.TryParse(f[5], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            throw Bad($"its port '{f[5]}' is not a number from 0 to 65535");
        }

        if (f[6] != "typ" || !Types.Contains(f[7]))
        {
            throw Bad($"'typ {f[7]}' must name host, srflx, prflx or relay");
        }

        return text;
    }

    private ArgumentException Bad(string reason) =>
        new($"The ICE candidate '{Excerpt(Candidate)}' is malformed: {reason}.", "candidate");

    private static string Excerpt(string? text) => text is null ? "(null)" : text.Length <= 80 ? text : text[..80] + "…";
}
