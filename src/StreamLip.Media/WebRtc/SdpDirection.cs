namespace StreamLip.Media.WebRtc;

/// <summary>An SDP media direction attribute, seen from the side that wrote the description (RFC 3264).</summary>
internal enum SdpDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}
