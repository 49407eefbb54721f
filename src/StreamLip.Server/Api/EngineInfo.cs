namespace StreamLip.Server.Api;

/// <summary>The engine's settings and state, in <c>GET /api/stats</c>.</summary>
/// <param name="Model">Model file.</param>
/// <param name="Provider">ONNX Runtime execution provider.</param>
/// <param name="FaceSize">The model's face size S.</param>
/// <param name="ActiveSessions">Sessions now.</param>
/// <param name="MaxSessions">The session limit.</param>
/// <param name="BatchPerSession">Frames per session per run.</param>
/// <param name="LatencyBudgetMs">D, the frame delay budget.</param>
/// <param name="MelAlignment">Mel window offset in frames.</param>
/// <param name="FaceFraming">The face framing the model declares (<c>haar</c>, <c>wav2lip</c>): how avatar boxes are cut for it.</param>
public sealed record EngineInfo(string Model, string Provider, int FaceSize, int ActiveSessions, int MaxSessions, int BatchPerSession, double LatencyBudgetMs, int MelAlignment, string FaceFraming);
