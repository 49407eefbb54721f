namespace StreamLip.Server.Outputs;

/// <summary>Body of <c>POST /api/sessions/{id}/stream</c>.</summary>
/// <param name="Url">rtmp://host/app/key, rtmps://… or srt://host:port.</param>
/// <param name="VideoBitrateKbps">H.264 bitrate (default StreamLip:Outputs:VideoBitrateKbps).</param>
/// <param name="AudioBitrateKbps">AAC bitrate (default StreamLip:Outputs:AudioBitrateKbps).</param>
/// <param name="KeyframeIntervalSeconds">Key-frame interval (default StreamLip:Outputs:KeyframeIntervalSeconds).</param>
public sealed record StreamRequest(string? Url, int? VideoBitrateKbps, int? AudioBitrateKbps, double? KeyframeIntervalSeconds);
