namespace StreamLip.Server.Sessions;

/// <summary>Log messages of WebRTC viewers (event ids 610–619).</summary>
internal static partial class ViewerLog
{
    [LoggerMessage(610, LogLevel.Information, "Viewer {ViewerId} joined session {SessionId} ({Outputs} outputs now; video {VideoCodec} by {VideoEncoder})")]
    public static partial void ViewerJoined(this ILogger logger, string sessionId, string viewerId, int outputs, string videoCodec, string videoEncoder);

    [LoggerMessage(611, LogLevel.Information, "Viewer {ViewerId} left session {SessionId}")]
    public static partial void ViewerLeft(this ILogger logger, string sessionId, string viewerId);

    [LoggerMessage(612, LogLevel.Warning, "Viewer {ViewerId} of session {SessionId} dropped: {Reason}")]
    public static partial void ViewerDropped(this ILogger logger, string sessionId, string viewerId, string reason);

    [LoggerMessage(613, LogLevel.Information, "Viewer offer for session {SessionId} rejected: {Reason}")]
    public static partial void ViewerRejected(this ILogger logger, string sessionId, string reason);
}
