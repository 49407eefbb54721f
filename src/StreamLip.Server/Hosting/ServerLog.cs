namespace StreamLip.Server.Hosting;

/// <summary>The server's log messages, with stable event ids (1xx engine, 2xx sessions, 3xx signalling).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(100, LogLevel.Information, "Model {Path} loaded: face {FaceSize}px, batches up to {MaxBatch}, provider {Provider}, mel alignment {Alignment}, face framing {Framing}, frame delay budget {BudgetMs} ms, warm-up run {WarmUpMs} ms")]
    public static partial void ModelLoaded(this ILogger logger, string path, int faceSize, int maxBatch, string provider, int alignment, string framing, double budgetMs, double warmUpMs);

    [LoggerMessage(101, LogLevel.Information, "Avatar {Name} loaded from {Directory}: {Width}x{Height}, {Frames} frames, framing {Framing}{Reframed}")]
    public static partial void AvatarLoaded(this ILogger logger, string name, string directory, int width, int height, int frames, string framing, string reframed);

    [LoggerMessage(105, LogLevel.Warning, "Avatar {Name} is not framed as the model wants: {Reason}")]
    public static partial void AvatarFramingMismatch(this ILogger logger, string name, string reason);

    [LoggerMessage(102, LogLevel.Information, "Serving the page from {WebRoot}")]
    public static partial void ServingPage(this ILogger logger, string webRoot);

    [LoggerMessage(103, LogLevel.Warning, "The page's SignalR client is missing ({Path}); run ./streamlip setup (npm ci in web/)")]
    public static partial void SignalRClientMissing(this ILogger logger, string path);

    [LoggerMessage(104, LogLevel.Warning, "Execution provider skipped, {Reason}")]
    public static partial void ProviderSkipped(this ILogger logger, string reason);

    [LoggerMessage(200, LogLevel.Information, "Session {SessionId} started (avatar {Avatar}, {Active}/{Max} sessions)")]
    public static partial void SessionStarted(this ILogger logger, string sessionId, string avatar, int active, int max);

    [LoggerMessage(201, LogLevel.Information, "Session {SessionId} stopped after {Seconds:F1} s: {Sent} frames sent, {Generated} generated, {Late} late, delay p50 {DelayP50} ms p95 {DelayP95} ms")]
    public static partial void SessionStopped(this ILogger logger, string sessionId, double seconds, long sent, long generated, long late, double? delayP50, double? delayP95);

    [LoggerMessage(202, LogLevel.Warning, "Session refused: {Reason}")]
    public static partial void SessionRefused(this ILogger logger, string reason);

    [LoggerMessage(203, LogLevel.Error, "Session {SessionId} failed")]
    public static partial void SessionFailed(this ILogger logger, string sessionId, Exception error);

    [LoggerMessage(206, LogLevel.Information, "Session {SessionId} sends {VideoCodec} video, encoded by {VideoEncoder}")]
    public static partial void SessionVideo(this ILogger logger, string sessionId, string videoCodec, string videoEncoder);

    [LoggerMessage(300, LogLevel.Information, "Offer rejected: {Reason}")]
    public static partial void OfferRejected(this ILogger logger, string reason);

    [LoggerMessage(301, LogLevel.Error, "Negotiation of session {SessionId} failed")]
    public static partial void NegotiationFailed(this ILogger logger, string sessionId, Exception error);

    [LoggerMessage(303, LogLevel.Warning, "Offer of session {SessionId} refused: {Reason}")]
    public static partial void OfferRefused(this ILogger logger, string sessionId, string reason);

    [LoggerMessage(302, LogLevel.Warning, "Stats for connection {ConnectionId} could not be sent")]
    public static partial void StatsPushFailed(this ILogger logger, string connectionId, Exception error);
}
