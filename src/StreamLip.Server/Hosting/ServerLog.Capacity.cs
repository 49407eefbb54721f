namespace StreamLip.Server.Hosting;

/// <summary>Graceful overload (the engine's capacity monitor): sessions that drop to a reduced frame rate and come back.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(204, LogLevel.Warning, "Session {SessionId} dropped to {Fps} fps to shed load (newest first, its voice intact): {Reason}")]
    public static partial void SessionDegraded(this ILogger logger, string sessionId, double fps, string reason);

    [LoggerMessage(205, LogLevel.Information, "Session {SessionId} back to {Fps} fps: the load has gone")]
    public static partial void SessionRestored(this ILogger logger, string sessionId, double fps);
}
