using System.Globalization;

namespace StreamLip.Media.WebRtc;

/// <summary>
/// A managed reading of an SDP description (the remote offer, or the answer webrtcbin made), enough to check it
/// and to pick payload types before webrtcbin sees it:
/// line syntax (<c>x=value</c>, starting with <c>v=0</c>), the m-sections with their direction and rtpmap/fmtp
/// formats, and whether ICE credentials and a DTLS fingerprint are present. GStreamer's own SDP parser accepts
/// almost any text, so this is where garbage is turned into a clear error.
/// </summary>
internal sealed class SdpDescription
{
    private SdpDescription(IReadOnlyList<SdpMedia> media, bool hasIceCredentials, bool hasFingerprint)
    {
        Media = media;
        HasIceCredentials = hasIceCredentials;
        HasFingerprint = hasFingerprint;
    }

    /// <summary>The m-sections in order.</summary>
    public IReadOnlyList<SdpMedia> Media { get; }

    /// <summary>Whether <c>a=ice-ufrag</c> and <c>a=ice-pwd</c> appear (session or media level).</summary>
    public bool HasIceCredentials { get; }

    /// <summary>Whether <c>a=fingerprint</c> appears (session or media level).</summary>
    public bool HasFingerprint { get; }

    /// <summary>The first m-section of <paramref name="kind"/> that is in use (see <see cref="SdpMedia.IsActive"/>), or null.</summary>
    public SdpMedia? FirstActive(string kind) =>
        Media.FirstOrDefault(m => m.IsActive && string.Equals(m.Kind, kind, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads <paramref name="text"/>; <paramref name="what"/> (e.g. "offer") names it in error messages.</summary>
    /// <exception cref="InvalidDataException">The text is not an SDP description; the message says which line.</exception>
    public static SdpDescription Parse(string text, string what)
    {

        string[] lines = text.Split('\n');
        var media = new List<SdpMedia>();
        SdpDirection sessionDirection = SdpDirection.SendRecv;
        bool ufrag = false, pwd = false, fingerprint = false, sawVersion = false;
        MediaBuilder? current = null;

        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || line[0] < 'a' || line[0] > 'z')
            {
                throw Bad(what, $"line {n + 1} is not of the form x=value: '{Excerpt(line)}'");
            }

            if (!sawVersion)
            {
                if (line != "v=0")
                {
                    throw Bad(what, $"it must start with 'v=0', not '{Excerpt(line)}'");
                }

                sawVersion = true;
                continue;
            }

            string value = line[2..];
            switch (line[0])
            {
                case 'm':
                    if (current is not null)
                    {
                        media.Add(current.Build(sessionDirection));
                    }

                    current = MediaBuilder.FromMLine(media.Count, value, n + 1, what);
                    break;
                case 'a':
                    string key = value.Split(':', 2)[0];
                    ufrag |= key == "ice-ufrag";
                    pwd |= key == "ice-pwd";
                    fingerprint |= key == "fingerprint";
                    SdpDirection? direction = ParseDirection(key);
                    if (current is null)
                    {
                        sessionDirection = direction ?? sessionDirection;
                    }
                    else
                    {
                        current.AddAttribute(key, value, direction, n + 1, what);
                    }

                    break;
            }
        }

        if (!sawVersion)
        {
            throw Bad(what, "it is empty");
        }

        if (current is not null)
        {
            media.Add(current.Build(sessionDirection));
        }

        return new SdpDescription(media, ufrag && pwd, fingerprint);
    }

    private static SdpDirection? ParseDirection(string key) => key switch
    {
        "sendrecv" => SdpDirection.SendRecv,
        "sendonly" => SdpDirection.SendOnly,
        "recvonly" => SdpDirection.RecvOnly,
        "inactive" => SdpDirection.Inactive,
        _ => null,
    };

    private static string Excerpt(string line) => line.Length <= 40 ? line : line[..40] + "…";

    private static InvalidDataException Bad(string what, string reason) =>
        new($"The {what} is not an SDP session description: {reason}.");

    /// <summary>Collects one m-section's lines.</summary>
    private sealed class MediaBuilder
    {
        private readonly int _index;
        private readonly string _kind;
        private readonly int _port;
        private readonly List<int> _payloadTypes;
        private readonly Dictionary<int, (string Encoding, int ClockRate)> _rtpmaps = [];
        private readonly Dictionary<int, string> _fmtps = [];
        private SdpDirection? _direction;
        private bool _bundleOnly;

        private MediaBuilder(int index, string kind, int port, List<int> payloadTypes)
        {
            _index = index;
            _kind = kind;
            _port = port;
            _payloadTypes = payloadTypes;
        }

        /// <summary>Reads <c>m=&lt;media&gt; &lt;port&gt; &lt;proto&gt; &lt;fmt&gt;...</c>.</summary>
        public static MediaBuilder FromMLine(int index, string value, int lineNumber, string what)
        {
            string[] parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 4)
            {
                throw Bad(what, $"the m-line on line {lineNumber} needs media, port, protocol and formats: 'm={Excerpt(value)}'");
            }

            string portText = parts[1].Split('/')[0];
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            {
                throw Bad(what, $"the m-line on line {lineNumber} has an invalid port '{parts[1]}'");
            }

            var payloadTypes = new List<int>();
            if (parts[2].Contains("RTP", StringComparison.Ordinal))
            {
                for (int i = 3; i < parts.Length; i++)
                {
                    if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out int pt) || pt > 127)
                    {
                        throw Bad(what, $"the m-line on line {lineNumber} has an invalid payload type '{parts[i]}'");
                    }

                    payloadTypes.Add(pt);
                }
            }

            return new MediaBuilder(index, parts[0], port, payloadTypes);
        }

        public void AddAttribute(string key, string value, SdpDirection? parsedDirection, int lineNumber, string what)
        {
            _direction = parsedDirection ?? _direction;
            _bundleOnly |= key == "bundle-only";
            if (key is not ("rtpmap" or "fmtp"))
            {
                return;
            }

            // a=rtpmap:<pt> <encoding>/<clock>[/<channels>]   a=fmtp:<pt> <parameters>; a bare "a=fmtp" has no rest.
            string rest = value.Length > key.Length ? value[(key.Length + 1)..] : "";
            int space = rest.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || !int.TryParse(rest[..space], NumberStyles.None, CultureInfo.InvariantCulture, out int pt))
            {
                throw Bad(what, $"line {lineNumber} is a malformed a={key}: 'a={Excerpt(value)}'");
            }

            string body = rest[(space + 1)..].Trim();
            if (key == "fmtp")
            {
                _fmtps[pt] = body;
                return;
            }

            string[] codec = body.Split('/');
            if (codec.Length < 2 || codec[0].Length == 0
                || !int.TryParse(codec[1], NumberStyles.None, CultureInfo.InvariantCulture, out int clockRate) || clockRate == 0)
            {
                throw Bad(what, $"line {lineNumber} is a malformed a=rtpmap: 'a={Excerpt(value)}'");
            }

            _rtpmaps[pt] = (codec[0], clockRate);
        }

        public SdpMedia Build(SdpDirection sessionDirection)
        {
            var formats = new List<SdpFormat>();
            foreach (int pt in _payloadTypes)
            {
                if (_rtpmaps.TryGetValue(pt, out (string Encoding, int ClockRate) map))
                {
                    formats.Add(new SdpFormat(pt, map.Encoding, map.ClockRate, _fmtps.GetValueOrDefault(pt, "")));
                }
            }

            return new SdpMedia(_index, _kind, _port, _direction ?? sessionDirection, formats, _bundleOnly);
        }
    }
}
