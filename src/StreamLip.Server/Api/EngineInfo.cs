namespace StreamLip.Server.Api;

/// <summary>The engine's settings and state, in <c>GET /api/stats</c>.</summary>
/// <param name="Model">Model file.</param>
/// <param name="Provider">ONNX Runtime execution provider.</param>
/// <param name="FaceSize">The model's face size S.</param>
/// <param name="ActiveSessions">Sessions now.</param>
/// <param name="MaxSessions">The session limit.</param>
/// <param name="BatchPerSession">Frames per session per run.</param>
/// <param name="LatencyBudgetMs">D, the frame delay budget, of a session starting now (each session keeps its own: its stats).</param>
/// <param name="MelAlignment">Mel window offset in frames.</param>
/// <param name="FaceFraming">The face framing the model declares (<c>haar</c>, <c>wav2lip</c>): how avatar boxes are cut for it.</param>
/// <param name="MarginNeededP99Ms">The 99th percentile of the margin after the window floor the last 512 generated frames needed (null before any): what <c>AdaptiveMargin</c> gives new sessions, + 20 ms.</param>
public sealed record EngineInfo(string Model, string Provider, int FaceSize, int ActiveSessions, int MaxSessions, int BatchPerSession, double LatencyBudgetMs, int MelAlignment, string FaceFraming, double? MarginNeededP99Ms);
