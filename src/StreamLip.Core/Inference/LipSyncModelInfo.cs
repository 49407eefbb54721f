namespace StreamLip.Inference;

/// <summary>What a Wav2Lip-contract model declares about itself.</summary>
/// <param name="MelInputName">Name of the <c>[B, 1, 80, 16]</c> input.</param>
/// <param name="FaceInputName">Name of the <c>[B, 6, S, S]</c> input.</param>
/// <param name="OutputName">Name of the <c>[B, 3, S, S]</c> output.</param>
/// <param name="FaceSize">S, in pixels.</param>
/// <param name="MaxBatch">The largest batch the pre-allocated buffers take.</param>
/// <param name="FixedBatch">The batch the model was exported with, or null when the batch axis is dynamic.</param>
/// <param name="Provider">The execution provider chosen (e.g. <c>CPUExecutionProvider</c>).</param>
/// <param name="Metadata">Custom metadata of the model (face size, mel step, fps, kind, source, ...).</param>
public sealed record LipSyncModelInfo(
    string MelInputName,
    string FaceInputName,
    string OutputName,
    int FaceSize,
    int MaxBatch,
    int? FixedBatch,
    string Provider,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>One line per requested execution provider that was not used, saying what is missing and how to get it.</summary>
    public IReadOnlyList<string> SkippedProviders { get; init; } = [];

    /// <summary>Name of the optional <c>[B, 68, 2]</c> landmarks input, or null when the model takes none.</summary>
    public string? LandmarksInputName { get; init; }

    /// <summary>Whether each frame needs the reference face's 68 landmarks (in crop pixels) besides mel and face.</summary>
    public bool TakesLandmarks => LandmarksInputName is not null;
}
