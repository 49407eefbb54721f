namespace StreamLip.Server.Options;

/// <summary>The video codec sent to browsers.</summary>
public enum VideoCodec
{
    /// <summary>VP8 (vp8enc): every browser decodes it; the default.</summary>
    Vp8,

    /// <summary>H.264 (x264enc), constrained baseline.</summary>
    H264,
}
