namespace StreamLip.Server.Options;

/// <summary>WebRTC settings (section <c>StreamLip:WebRtc</c>).</summary>
public sealed class WebRtcOptions
{
    /// <summary>STUN servers, <c>stun:host:port</c>. Default none: loopback and LAN need no STUN.</summary>
    public IList<string> StunServers { get; } = [];

    /// <summary>A TURN server, <c>turn://user:password@host:port</c>, or null.</summary>
    public string? TurnServer { get; set; }

    /// <summary>Video codec. Default Auto: H.264 when the browser's offer has it, else VP8, per peer.</summary>
    public VideoCodec VideoCodec { get; set; } = VideoCodec.Auto;

    /// <summary>Whether H.264 is encoded by NVENC where GStreamer has it. Default Auto; Off: always x264enc.</summary>
    public HardwareEncoder HardwareEncoder { get; set; } = HardwareEncoder.Auto;

    /// <summary>Target video bitrate, kbit/s. Default 1500.</summary>
    public int VideoBitrateKbps { get; set; } = 1500;

    /// <summary>Largest SDP offer accepted, bytes (over it: HTTP 413). Default 64 KiB.</summary>
    public int MaxSdpBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Jitter buffer of the received microphone, milliseconds (0–1000): how long webrtcbin waits for a lost or late
    /// packet before it conceals it (in-order packets pass at once). Default 40 (two Opus packets; raise it on a jittery network).
    /// </summary>
    public int ReceiveLatencyMs { get; set; } = 40;
}
