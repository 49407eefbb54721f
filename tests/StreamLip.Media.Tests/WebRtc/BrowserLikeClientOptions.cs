using StreamLip.Media.WebRtc;

namespace StreamLip.Media.Tests.WebRtc;

/// <summary>What the test client offers, like a browser page would.</summary>
internal sealed record BrowserLikeClientOptions
{
    /// <summary>Whether the client sends a microphone (audio sendrecv); otherwise audio is recvonly.</summary>
    public bool Microphone { get; init; } = true;

    /// <summary>The microphone's tone in Hz (audiotestsrc).</summary>
    public double ToneHz { get; init; } = 440;

    /// <summary>The video codec the client offers to receive.</summary>
    public WebRtcVideoCodec Codec { get; init; } = WebRtcVideoCodec.Vp8;

    /// <summary>The payload type the client offers for video (Chromium uses 96 for VP8, Firefox 120).</summary>
    public int VideoPayloadType { get; init; } = 96;

    /// <summary>The payload type the client offers for Opus (Chromium 111, Firefox 109).</summary>
    public int AudioPayloadType { get; init; } = 111;

    /// <summary>Seconds of received audio the client keeps (48 kHz mono).</summary>
    public int AudioSecondsKept { get; init; } = 4;
}
