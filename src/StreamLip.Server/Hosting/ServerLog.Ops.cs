namespace StreamLip.Server.Hosting;

/// <summary>Log messages of authentication (4xx event ids) and operations: limits, idle sessions, shutdown, readiness (5xx).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(400, LogLevel.Information, "Refused {Method} {Path} from {Remote}: {Status} ({Reason})")]
    public static partial void AuthRefused(this ILogger logger, string method, string path, string? remote, int status, string reason);

    [LoggerMessage(401, LogLevel.Warning, "AUTHENTICATION IS DISABLED (StreamLip:Auth:Disabled=true): anyone who can reach this server controls its sessions. Use it for local development only.")]
    public static partial void AuthDisabled(this ILogger logger);

    [LoggerMessage(402, LogLevel.Information, "No API key configured: made one for this run (printed on the console; set STREAMLIP_API_KEYS or StreamLip:Auth:ApiKeys to choose your own)")]
    public static partial void ApiKeyGenerated(this ILogger logger);

    [LoggerMessage(403, LogLevel.Information, "{Count} API key(s) configured")]
    public static partial void ApiKeysConfigured(this ILogger logger, int count);

    [LoggerMessage(500, LogLevel.Information, "Session {SessionId} ended: idle (no audio and no outputs) for {Seconds} s")]
    public static partial void SessionIdle(this ILogger logger, string sessionId, int seconds);

    [LoggerMessage(501, LogLevel.Information, "Session {SessionId} ended: the server is shutting down")]
    public static partial void SessionEndedAtShutdown(this ILogger logger, string sessionId);

    [LoggerMessage(502, LogLevel.Information, "Shutting down: {Sessions} session(s) to end, {Pages} page(s) told")]
    public static partial void ShuttingDown(this ILogger logger, int sessions, int pages);

    [LoggerMessage(503, LogLevel.Warning, "Session refused for key {KeyId}: {Reason}")]
    public static partial void SessionRefusedForKey(this ILogger logger, string keyId, string reason);

    [LoggerMessage(504, LogLevel.Warning, "Not ready: {Reason}")]
    public static partial void NotReady(this ILogger logger, string reason);

    [LoggerMessage(505, LogLevel.Warning, "Sessions still running when the shutdown timeout ran out: {Sessions}")]
    public static partial void ShutdownTimedOut(this ILogger logger, int sessions);

    [LoggerMessage(506, LogLevel.Warning, "Page {ConnectionId} could not be told that its session ended")]
    public static partial void NoticeFailed(this ILogger logger, string connectionId, Exception error);

    [LoggerMessage(507, LogLevel.Debug, "Returned the native heap's free pages to the system in {Milliseconds:F1} ms")]
    public static partial void NativeMemoryTrimmed(this ILogger logger, double milliseconds);

    [LoggerMessage(508, LogLevel.Information, "Native memory trimming is off: {Reason}")]
    public static partial void NativeTrimUnavailable(this ILogger logger, string reason);

    [LoggerMessage(509, LogLevel.Information, "Managed heap collected and given back: {BeforeMiB:F0} MiB → {AfterMiB:F0} MiB in {Milliseconds:F1} ms")]
    public static partial void ManagedMemoryReturned(this ILogger logger, double beforeMiB, double afterMiB, double milliseconds);
}
