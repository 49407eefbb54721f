namespace StreamLip.Media.WebRtc;

/// <summary>The video codec a <see cref="WebRtcPeer"/> sends.</summary>
public enum WebRtcVideoCodec
{
    /// <summary>VP8 (vp8enc, realtime deadline): every browser decodes it; the default.</summary>
    Vp8,

    /// <summary>H.264 constrained baseline (x264enc tune=zerolatency): cheaper to decode on phones.</summary>
    H264,
}
