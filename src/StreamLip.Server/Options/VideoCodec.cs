namespace StreamLip.Server.Options;

/// <summary>The video codec sent to browsers.</summary>
public enum VideoCodec
{
    /// <summary>VP8 (vp8enc) to every browser; an offer without VP8 is refused.</summary>
    Vp8,

    /// <summary>H.264 constrained baseline (x264enc, or NVENC, see <see cref="HardwareEncoder"/>) to every browser; an
    /// offer without an H.264 packetization-mode=1 format is refused.</summary>
    H264,

    /// <summary>The default: per peer, from its offer, H.264 (the cheaper encode) when the offer has a baseline-family
    /// H.264 packetization-mode=1 format (Chromium's and Firefox's offers do), else VP8.</summary>
    Auto,
}
