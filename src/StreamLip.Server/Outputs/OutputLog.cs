namespace StreamLip.Server.Outputs;

/// <summary>Log messages of outputs (event ids 600–609).</summary>
internal static partial class OutputLog
{
    [LoggerMessage(600, LogLevel.Information, "Session {SessionId}: {Kind} {OutputId} started to {Target}")]
    public static partial void OutputStarted(this ILogger logger, string sessionId, OutputKind kind, string outputId, string target);

    [LoggerMessage(601, LogLevel.Information, "Session {SessionId}: {Kind} {OutputId} stopped")]
    public static partial void OutputStopped(this ILogger logger, string sessionId, OutputKind kind, string outputId);

    [LoggerMessage(602, LogLevel.Warning, "Session {SessionId}: {Kind} {OutputId} to {Target} failed and was removed")]
    public static partial void OutputFailed(this ILogger logger, string sessionId, OutputKind kind, string outputId, string target, Exception error);

    [LoggerMessage(603, LogLevel.Information, "Session {SessionId}: recording {File} finished, {Seconds:F2} s")]
    public static partial void RecordingFinished(this ILogger logger, string sessionId, string file, double seconds);
}
