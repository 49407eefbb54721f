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

    /// <summary>
    /// A second video codec offered after <see cref="Codec"/>, at <see cref="SecondVideoPayloadType"/>, as browsers offer
    /// several; the client then decodes whichever the answer chose (<see cref="BrowserLikeClient.ReceivedVideoCodec"/>).
    /// Null (the default): only <see cref="Codec"/>.
    /// </summary>
    public WebRtcVideoCodec? SecondCodec { get; init; }

    /// <summary>The payload type of <see cref="SecondCodec"/> (Chromium's H.264 constrained baseline is at 102–108).</summary>
    public int SecondVideoPayloadType { get; init; } = 102;

    /// <summary>The packetization-mode an offered H.264 format has: 1 (the default, as browsers and rtph264pay) or 0.</summary>
    public int H264PacketizationMode { get; init; } = 1;

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
    /// <param name="codec">The one video codec to offer; the server's default StreamLip:WebRtc:VideoCodec=Auto sends it, a
    /// server set to the other codec refuses the offer.</param>
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
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SecondVideoPayloadType, nameof(SecondVideoPayloadType));
        if (!Enum.IsDefined(Microphone) || !Enum.IsDefined(Video) || !Enum.IsDefined(Codec))
        {
            throw new ArgumentOutOfRangeException(nameof(Microphone), $"Unknown microphone {Microphone}, video handling {Video} or codec {Codec}.");
        }

        if (SecondCodec is { } second && (second == Codec || !Enum.IsDefined(second) || SecondVideoPayloadType == VideoPayloadType))
        {
            throw new ArgumentOutOfRangeException(nameof(SecondCodec), $"The second codec {second} must differ from {Codec}, at another payload type than {VideoPayloadType}.");
        }

        if (H264PacketizationMode is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(H264PacketizationMode), $"H.264 packetization-mode {H264PacketizationMode} must be 0 or 1.");
        }
    }
}
