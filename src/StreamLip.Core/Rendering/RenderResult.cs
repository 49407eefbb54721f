using StreamLip.Stages;

namespace StreamLip.Rendering;

/// <summary>What an offline render did.</summary>
/// <param name="Frames">Frames written.</param>
/// <param name="Elapsed">Wall time of the whole render.</param>
/// <param name="Inference">Generator counts and time.</param>
public sealed record RenderResult(long Frames, TimeSpan Elapsed, InferenceStats Inference)
{
    /// <summary>Frames written per second of wall time.</summary>
    public double FramesPerSecond => Elapsed > TimeSpan.Zero ? Frames / Elapsed.TotalSeconds : 0;
}
