using StreamLip.Media.WebRtc;

namespace StreamLip.Tests.Shared.WebRtc;

/// <summary>
/// What a <see cref="BrowserLikeClient"/> offers, like a browser page would, and what it does with what it receives. The
/// defaults are the Media tests' client (a 440 Hz test tone, video decoded to BGRx, 4 s of audio kept);
/// <see cref="ForLoad"/> gives the load harness's.
/// </summary>
internal sealed record BrowserLikeClientOptions
{
    /// <summary>Where the microphone comes from; <see cref="MicrophoneSource.None"/> offers audio recvonly.</summary>
    public MicrophoneSource Microphone { get; init; } = MicrophoneSource.TestTone;

    /// <summary>The tone in Hz with <see cref="MicrophoneSource.TestTone"/>.</summary>
    public double ToneHz { get; init; } = 440;

    /// <summary>What the client does with the video it receives.</summary>
    public VideoHandling Video { get; init; } = VideoHandling.DecodeToBgrx;

    /// <summary>The video codec the client offers to receive.</summary>
    public WebRtcVideoCodec Codec { get; init; } = WebRtcVideoCodec.Vp8;

    /// <summary>The payload type the client offers for video (Chromium uses 96 for VP8, Firefox 120).</summary>
    public int VideoPayloadType { get; init; } = 96;

    /// <summary>The payload type the client offers for Opus (Chromium 111, Firefox 109).</summary>
    public int AudioPayloadType { get; init; } = 111;

    /// <summary>
    /// Seconds of received audio the client keeps for <see cref="BrowserLikeClient.ReceivedAudio"/> (48 kHz mono floats,
    /// allocated once at creation); 0 keeps none and only counts the samples.
    /// </summary>
    public int AudioSecondsKept { get; init; } = 4;

    /// <summary>
    /// Keep a copy of the last decoded frame for <see cref="BrowserLikeClient.LastFrame"/> (with
    /// <see cref="VideoHandling.DecodeToBgrx"/> only; one buffer, allocated at the first frame).
    /// </summary>
    public bool KeepLastFrame { get; init; }

    /// <summary>
    /// The load harness's client (also the cluster test's): a microphone the harness's feeder pushes speech into, and
    /// nothing of the received audio kept. A full client encodes its microphone (<see cref="MicrophoneSource.Pcm"/>) and
    /// decodes the video (<see cref="VideoHandling.Decode"/>), like a browser; a <paramref name="light"/> one pushes Opus
    /// encoded once for all clients and only depayloads the video, so that less of the machine goes to the clients.
    /// </summary>
    /// <param name="codec">The video codec to offer; the server must be set to send it (StreamLip:WebRtc:VideoCodec).</param>
    /// <param name="light">Push pre-encoded Opus and do not decode the video.</param>
    public static BrowserLikeClientOptions ForLoad(WebRtcVideoCodec codec, bool light) => new()
    {
        Microphone = light ? MicrophoneSource.OpusPackets : MicrophoneSource.Pcm,
        Video = light ? VideoHandling.Depayload : VideoHandling.Decode,
        Codec = codec,
        AudioSecondsKept = 0,
    };

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The message names the setting.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(AudioSecondsKept, nameof(AudioSecondsKept));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ToneHz, nameof(ToneHz));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(VideoPayloadType, nameof(VideoPayloadType));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(AudioPayloadType, nameof(AudioPayloadType));
        if (!Enum.IsDefined(Microphone) || !Enum.IsDefined(Video) || !Enum.IsDefined(Codec))
        {
            throw new ArgumentOutOfRangeException(nameof(Microphone), $"Unknown microphone {Microphone}, video handling {Video} or codec {Codec}.");
        }
    }
}
