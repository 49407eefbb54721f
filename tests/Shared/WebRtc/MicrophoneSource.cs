namespace StreamLip.Tests.Shared.WebRtc;

/// <summary>Where a <see cref="BrowserLikeClient"/>'s microphone comes from.</summary>
internal enum MicrophoneSource
{
    /// <summary>No microphone: audio is offered recvonly, as by a page that was denied the microphone.</summary>
    None,

    /// <summary>A live sine from audiotestsrc (<see cref="BrowserLikeClientOptions.ToneHz"/>), encoded to Opus by the client.</summary>
    TestTone,

    /// <summary>
    /// An appsrc the caller feeds through <see cref="BrowserLikeClient.PushMicrophone"/>: 20 ms chunks of F32LE mono at
    /// <see cref="BrowserLikeClient.AudioRate"/>, encoded to Opus by the client (<c>opusenc audio-type=voice</c>).
    /// </summary>
    Pcm,

    /// <summary>
    /// An appsrc the caller feeds through <see cref="BrowserLikeClient.PushMicrophone"/> with Opus packets encoded elsewhere
    /// (<see cref="BrowserLikeClient.OpusPacketCaps"/>, one 20 ms packet a push): the client runs no encoder.
    /// </summary>
    OpusPackets,
}
