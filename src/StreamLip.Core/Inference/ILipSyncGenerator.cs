namespace StreamLip.Inference;

/// <summary>
/// A generator of the Wav2Lip contract (shared/DESIGN.md): a mel window and a masked + reference face crop
/// in, the generated face crop out. Implementations own their native session; callers own every buffer.
/// </summary>
public interface ILipSyncGenerator : IDisposable
{
    /// <summary>Everything read from the model once, at load.</summary>
    LipSyncModelInfo Info { get; }

    /// <summary>
    /// Runs one batch. Layouts are NCHW float32, row-major:
    /// <paramref name="mel"/> holds <c>batch × 1 × 80 × 16</c> values,
    /// <paramref name="face"/> holds <c>batch × 6 × S × S</c> (channels 0–2 the crop with rows S/2.. zeroed,
    /// channels 3–5 the reference crop, BGR in [0, 1]),
    /// <paramref name="landmarks"/> holds <c>batch × 68 × 2</c> values when the model takes landmarks
    /// (<see cref="LipSyncModelInfo.TakesLandmarks"/>: the reference face's iBUG points, x then y, in crop pixels, the
    /// crop spanning [0, S]), and is ignored when it does not,
    /// <paramref name="output"/> receives <c>batch × 3 × S × S</c> (BGR in [0, 1]).
    /// Not thread-safe: one caller at a time per generator.
    /// </summary>
    void Run(ReadOnlySpan<float> mel, ReadOnlySpan<float> face, ReadOnlySpan<float> landmarks, Span<float> output, int batch);

    /// <summary>Runs one batch of a model that takes no landmarks (see the overload).</summary>
    void Run(ReadOnlySpan<float> mel, ReadOnlySpan<float> face, Span<float> output, int batch) => Run(mel, face, [], output, batch);
}
