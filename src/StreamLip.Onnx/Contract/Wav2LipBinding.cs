using StreamLip.Onnx.Sessions;

namespace StreamLip.Onnx.Contract;

/// <summary>A model's inputs and output matched to the Wav2Lip contract.</summary>
/// <param name="Mel">The <c>[B,1,80,16]</c> input.</param>
/// <param name="Face">The <c>[B,6,S,S]</c> input.</param>
/// <param name="Output">The <c>[B,3,S,S]</c> output.</param>
/// <param name="FaceSize">S, in pixels.</param>
/// <param name="FixedBatch">The batch the model was exported with, or null when the batch axis is open.</param>
internal sealed record Wav2LipBinding(TensorSpec Mel, TensorSpec Face, TensorSpec Output, int FaceSize, int? FixedBatch)
{
    /// <summary>The optional <c>[B,68,2]</c> landmarks input, or null when the model does not declare it.</summary>
    public TensorSpec? Landmarks { get; init; }
}
