namespace StreamLip.Media.WebRtc;

/// <summary>Settings of one <see cref="WebRtcPeer"/>; checked by <see cref="Validate"/> when the peer is created.</summary>
public sealed class WebRtcPeerOptions
{
    /// <summary>
    /// STUN servers as <c>stun://host:port</c>; empty (the default) gathers host candidates only, which is enough
    /// on a LAN or loopback. webrtcbin 1.22 takes a single STUN server, so at most one may be given.
    /// </summary>
    public IReadOnlyList<string> StunServers { get; set; } = [];

    /// <summary>A TURN relay as <c>turn://user:password@host:port</c> (or <c>turns://</c>), or null for none.</summary>
    public string? TurnServer { get; set; }

    /// <summary>
    /// The video codec sent to the browser; the offer must contain it. <see cref="WebRtcPeer.PreferredVideoCodec"/>
    /// picks one from the offer before the peer is made.
    /// </summary>
    public WebRtcVideoCodec Codec { get; set; } = WebRtcVideoCodec.Vp8;

    /// <summary>
    /// Whether H.264 is encoded on an NVIDIA GPU (nvh264enc) where GStreamer has that encoder (its nvcodec plugin
    /// registers it only where a CUDA driver with NVENC is found); true by default. False, or without it: x264enc on the
    /// CPU. VP8 is always encoded on the CPU.
    /// </summary>
    public bool AllowHardwareEncoder { get; set; } = true;

    /// <summary>Width in pixels of the frames given to <see cref="WebRtcPeer.PushVideoFrame"/> (even, 16–4096).</summary>
    public int Width { get; set; } = 512;

    /// <summary>Height in pixels of the frames given to <see cref="WebRtcPeer.PushVideoFrame"/> (even, 16–4096).</summary>
    public int Height { get; set; } = 512;

    /// <summary>Frames per second of the video (1–120); also sizes the encoder's rate control.</summary>
    public int Fps { get; set; } = 25;

    /// <summary>Target video bitrate in kbit/s (50–50000).</summary>
    public int VideoBitrateKbps { get; set; } = 1500;

    /// <summary>
    /// Whether to take the browser's microphone when the offer sends audio (<c>sendrecv</c>). False answers the
    /// audio m-line <c>sendonly</c>: the browser hears the avatar and sends nothing.
    /// </summary>
    public bool ReceiveMicrophone { get; set; } = true;

    /// <summary>Largest offer accepted, in UTF-8 bytes (1 KiB–1 MiB); browser offers are 3–10 KiB.</summary>
    public int MaxSdpBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long <see cref="WebRtcPeer.AcceptOfferAsync"/> waits for ICE gathering to complete before it returns the
    /// answer with the candidates found so far (0.1–60 s). Host-only gathering takes milliseconds; an unreachable
    /// STUN server takes seconds.
    /// </summary>
    public TimeSpan IceGatheringTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long webrtcbin may take to apply the offer, make the answer and apply it (1–60 s), before
    /// <see cref="WebRtcPeer.AcceptOfferAsync"/> gives up with a <see cref="TimeoutException"/>; these steps take
    /// milliseconds, so this only guards against a webrtcbin that stopped answering. ICE gathering has its own limit.
    /// </summary>
    public TimeSpan NegotiationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Jitter buffer of the received microphone in milliseconds (0–1000): webrtcbin's <c>latency</c>. Every
    /// millisecond here delays the generated mouth, so it is lower than webrtcbin's 200 ms default.
    /// </summary>
    public int ReceiveLatencyMs { get; set; } = 100;

    /// <summary>A copy (the peer keeps its own, so later changes to this object do not affect it).</summary>
    internal WebRtcPeerOptions Clone()
    {
        var copy = (WebRtcPeerOptions)MemberwiseClone();
        copy.StunServers = StunServers is null ? null! : [.. StunServers];
        return copy;
    }

    /// <summary>Throws when a setting is out of range, naming the setting and the allowed values.</summary>
    /// <exception cref="ArgumentException">A setting is invalid.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(StunServers, nameof(StunServers));
        if (StunServers.Count > 1)
        {
            throw Bad($"StunServers has {StunServers.Count} entries; webrtcbin 1.22 uses a single STUN server, so give one");
        }

        foreach (string stun in StunServers)
        {
            if (!IsServerUri(stun, ["stun"], needsUser: false))
            {
                throw Bad($"StunServers entry '{stun}' is not of the form stun://host:port");
            }
        }

        if (TurnServer is not null && !IsServerUri(TurnServer, ["turn", "turns"], needsUser: true))
        {
            throw Bad($"TurnServer '{Redact(TurnServer)}' is not of the form turn://user:password@host:port (or turns://)");
        }

        if (!Enum.IsDefined(Codec))
        {
            throw Bad($"Codec {Codec} is not a known codec");
        }

        CheckDimension(nameof(Width), Width);
        CheckDimension(nameof(Height), Height);
        Check(nameof(Fps), Fps, 1, 120, "frames per second");
        Check(nameof(VideoBitrateKbps), VideoBitrateKbps, 50, 50_000, "kbit/s");
        Check(nameof(MaxSdpBytes), MaxSdpBytes, 1024, 1024 * 1024, "bytes");
        Check(nameof(ReceiveLatencyMs), ReceiveLatencyMs, 0, 1000, "ms");
        if (IceGatheringTimeout < TimeSpan.FromMilliseconds(100) || IceGatheringTimeout > TimeSpan.FromSeconds(60))
        {
            throw Bad($"IceGatheringTimeout must be from 0.1 to 60 s; it is {IceGatheringTimeout.TotalSeconds} s");
        }

        if (NegotiationTimeout < TimeSpan.FromSeconds(1) || NegotiationTimeout > TimeSpan.FromSeconds(60))
        {
            throw Bad($"NegotiationTimeout must be from 1 to 60 s; it is {NegotiationTimeout.TotalSeconds} s");
        }
    }

    private static bool IsServerUri(string? text, string[] schemes, bool needsUser) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? uri)
        && schemes.Contains(uri.Scheme)
        && uri.Host.Length > 0
        && uri.Port is > 0 and <= 65535
        && (uri.AbsolutePath is "" or "/")
        && (!needsUser || uri.UserInfo.Contains(':', StringComparison.Ordinal));

    /// <summary>The TURN URI without its password, for messages.</summary>
    private static string Redact(string uri)
    {
        int at = uri.IndexOf('@', StringComparison.Ordinal);
        int colon = uri.IndexOf(':', uri.IndexOf("//", StringComparison.Ordinal) + 2);
        return at > 0 && colon > 0 && colon < at ? uri[..(colon + 1)] + "***" + uri[at..] : uri;
    }

    private static void CheckDimension(string name, int value)
    {
        if (value is < 16 or > 4096 || value % 2 != 0)
        {
            throw Bad($"{name} must be an even number of pixels from 16 to 4096 (I420 halves it for chroma); it is {value}");
        }
    }

    private static void Check(string name, int value, int min, int max, string unit)
    {
        if (value < min || value > max)
        {
            throw Bad($"{name} must be from {min} to {max} {unit}; it is {value}");
        }
    }

    private static ArgumentException Bad(string reason) => new($"Invalid WebRtcPeerOptions: {reason}.");
}
