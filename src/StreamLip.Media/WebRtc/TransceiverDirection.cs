namespace StreamLip.Media.WebRtc;

/// <summary><c>GstWebRTCRTPTransceiverDirection</c>, seen from the local side.</summary>
internal enum TransceiverDirection
{
    Inactive = 1,
    SendOnly = 2,
    RecvOnly = 3,
    SendRecv = 4,
}
