using StreamLip.Audio;
using StreamLip.Avatars;
using StreamLip.Inference;
using StreamLip.Realtime.Batching;

namespace StreamLip.Stages;

/// <summary>
/// One generator's batch: frames are copied in one at a time (mel window, face input, landmarks), run together in one
/// call, and their generated faces read out. The one batch assembly of the offline <see cref="InferenceStage"/> and the
/// real-time <see cref="Realtime.Batching.SharedBatcher"/>. Owns its buffers (allocated once, at the largest batch); not
/// thread-safe (one stage's loop uses it).
/// </summary>
internal sealed class BatchAssembler
{
    private readonly ILipSyncGenerator _generator;
    private readonly int _faceLength;
    private readonly int _outLength;
    private readonly int _landmarkLength; // 0 when the model takes none
    private readonly float[] _mel;
    private readonly float[] _face;
    private readonly float[] _landmarks;
    private readonly float[] _generated;

    /// <summary>Values of one frame's landmarks input (68 × 2).</summary>
    private const int LandmarkValues = 2 * FaceFraming.LandmarkCount;

    /// <param name="generator">The model; only the owning stage calls it.</param>
    /// <param name="capacity">Most frames per run (the model's <see cref="LipSyncModelInfo.MaxBatch"/> at most).</param>
    public BatchAssembler(ILipSyncGenerator generator, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (capacity > generator.Info.MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"The model was loaded for batches up to {generator.Info.MaxBatch}.");
        }

        _generator = generator;
        Capacity = capacity;
        int s = generator.Info.FaceSize;
        _faceLength = 6 * s * s;
        _outLength = 3 * s * s;
        _landmarkLength = generator.Info.TakesLandmarks ? LandmarkValues : 0;
        _mel = new float[capacity * MelWindows.WindowLength];
        _face = new float[capacity * _faceLength];
        _landmarks = new float[capacity * _landmarkLength];
        _generated = new float[capacity * _outLength];
    }

    /// <summary>Most frames per run.</summary>
    public int Capacity { get; }

    /// <summary>Frames added since the last <see cref="Clear"/>.</summary>
    public int Count { get; private set; }

    /// <summary>True when no more frames fit.</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>Values of one generated face (3 × S × S).</summary>
    public int FaceLength => _outLength;

    /// <summary>Copies frame <see cref="Count"/>'s inputs in: its mel window and <paramref name="avatar"/>'s face input
    /// (and landmarks) of <paramref name="cacheFrame"/>.</summary>
    /// <exception cref="InvalidOperationException">The batch is full.</exception>
    public void Add(ReadOnlySpan<float> mel, Avatar avatar, int cacheFrame)
    {
        if (IsFull)
        {
            throw new InvalidOperationException($"The batch holds {Capacity} frames already.");
        }

        int n = Count;
        mel[..MelWindows.WindowLength].CopyTo(_mel.AsSpan(n * MelWindows.WindowLength));
        avatar.CopyModelInput(cacheFrame, _face.AsSpan(n * _faceLength, _faceLength), _landmarks.AsSpan(n * _landmarkLength, _landmarkLength));
        Count = n + 1;
    }

    /// <summary>Runs the generator on frames [<paramref name="start"/>, start + <paramref name="count"/>), in place (a
    /// part of the batch: the batcher runs one session's part again alone when a shared run throws). The generator's
    /// exceptions pass through.</summary>
    public void Run(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Capacity);
        _generator.Run(
            _mel.AsSpan(start * MelWindows.WindowLength, count * MelWindows.WindowLength),
            _face.AsSpan(start * _faceLength, count * _faceLength),
            _landmarks.AsSpan(start * _landmarkLength, count * _landmarkLength),
            _generated.AsSpan(start * _outLength, count * _outLength),
            count);
    }

    /// <summary>Frame <paramref name="i"/>'s generated face after a run (valid until the next run).</summary>
    public ReadOnlySpan<float> Generated(int i) => _generated.AsSpan(i * _outLength, _outLength);

    /// <summary>Empties the batch (the buffers stay).</summary>
    public void Clear() => Count = 0;
}
