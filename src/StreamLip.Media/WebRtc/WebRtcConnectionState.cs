namespace StreamLip.Media.WebRtc;

/// <summary>
/// The peer connection state (W3C <c>RTCPeerConnectionState</c>), as webrtcbin derives it from the ICE and DTLS
/// transports; the values match <c>GstWebRTCPeerConnectionState</c>.
/// </summary>
public enum WebRtcConnectionState
{
    /// <summary>No offer accepted yet, or no transport started.</summary>
    New = 0,

    /// <summary>ICE or DTLS is being negotiated.</summary>
    Connecting = 1,

    /// <summary>ICE and DTLS are up: media flows.</summary>
    Connected = 2,

    /// <summary>A transport lost connectivity; it may come back.</summary>
    Disconnected = 3,

    /// <summary>A transport failed for good; dispose the peer.</summary>
    Failed = 4,

    /// <summary>The peer was closed (disposed).</summary>
    Closed = 5,
}
