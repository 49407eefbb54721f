namespace StreamLip.Realtime;

/// <summary>One ICE candidate as WebRTC signalling carries it.</summary>
/// <param name="Candidate">The <c>candidate:…</c> attribute line (without <c>a=</c>).</param>
/// <param name="SdpMLineIndex">Index of the media section (m-line) it belongs to.</param>
public readonly record struct IceCandidate(string Candidate, int SdpMLineIndex);
