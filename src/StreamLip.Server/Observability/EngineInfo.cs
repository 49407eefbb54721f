namespace StreamLip.Server.Observability;

/// <summary>The engine's settings and state, in <c>GET /api/stats</c>.</summary>
public sealed record EngineInfo
{
    /// <summary>Model file.</summary>
    public required string Model { get; init; }

    /// <summary>ONNX Runtime execution provider.</summary>
    public required string Provider { get; init; }

    /// <summary>The model's face size S.</summary>
    public required int FaceSize { get; init; }

    /// <summary>Sessions now.</summary>
    public required int ActiveSessions { get; init; }

    /// <summary>The session limit.</summary>
    public required int MaxSessions { get; init; }

    /// <summary>Frames per session per run.</summary>
    public required int BatchPerSession { get; init; }

    /// <summary>D, the frame delay budget, of a session starting now (each session keeps its own: its stats).</summary>
    public required double LatencyBudgetMs { get; init; }

    /// <summary>Mel window offset in frames.</summary>
    public required int MelAlignment { get; init; }

    /// <summary>The face framing the model declares (<c>haar</c>, <c>wav2lip</c>): how avatar boxes are cut for it.</summary>
    public required string FaceFraming { get; init; }

    /// <summary>The 99th percentile of the margin after the window floor the last 512 generated frames needed (null before any): what <c>AdaptiveMargin</c> gives new sessions, + 20 ms.</summary>
    public double? MarginNeededP99Ms { get; init; }
}
