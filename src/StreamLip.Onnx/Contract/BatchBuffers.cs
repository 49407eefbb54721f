using Microsoft.ML.OnnxRuntime;
using StreamLip.Onnx.Sessions;

namespace StreamLip.Onnx.Contract;

/// <summary>
/// The pinned input and output memory of a model, sized once for its largest batch: three (four with landmarks) float arrays on the pinned
/// object heap (they never move, so ORT may keep their addresses). Every batch size runs on a prefix of the same
/// arrays, so the memory is the same whichever sizes the load brings (before, one set per size seen grew the process
/// by up to 700 MiB at S = 96 as new sizes appeared).
/// </summary>
internal sealed class TensorStorage
{
    public TensorStorage(int maxBatch, int faceSize, bool landmarks = false)
    {
        MaxBatch = maxBatch;
        FaceSize = faceSize;
        Mel = GC.AllocateArray<float>(maxBatch * Wav2LipContract.MelValuesPerFrame, pinned: true);
        Face = GC.AllocateArray<float>(maxBatch * Wav2LipContract.FaceChannels * faceSize * faceSize, pinned: true);
        Output = GC.AllocateArray<float>(maxBatch * Wav2LipContract.OutputChannels * faceSize * faceSize, pinned: true);
        Landmarks = landmarks ? GC.AllocateArray<float>(maxBatch * Wav2LipContract.LandmarkValuesPerFrame, pinned: true) : null;
    }

    public int MaxBatch { get; }

    public int FaceSize { get; }

    /// <summary>maxBatch × 1 × 80 × 16 values, NCHW.</summary>
    public float[] Mel { get; }

    /// <summary>maxBatch × 6 × S × S values, NCHW.</summary>
    public float[] Face { get; }

    /// <summary>maxBatch × 3 × S × S values, NCHW.</summary>
    public float[] Output { get; }

    /// <summary>maxBatch × 68 × 2 values, or null when the model takes no landmarks.</summary>
    public float[]? Landmarks { get; }
}

/// <summary>
/// The <c>OrtValue</c>s of one batch size — tensors over the first <c>batch</c> frames of the model's
/// <see cref="TensorStorage"/>, without copying — and an <see cref="OrtIoBinding"/> that binds them to the model's
/// inputs and output, so a run passes no names and no values (and allocates nothing). Made once per size (small native
/// headers); this object owns the values and the binding, the storage owns the memory. One caller at a time (the
/// model's lock).
/// </summary>
internal sealed class BatchBuffers : IDisposable
{
    private readonly TensorStorage _storage;
    private readonly OrtIoBinding _binding;

    private BatchBuffers(int batch, TensorStorage storage, OrtValue melValue, OrtValue faceValue, OrtValue? landmarksValue, OrtValue outputValue, OrtIoBinding binding)
    {
        Batch = batch;
        _storage = storage;
        MelValue = melValue;
        FaceValue = faceValue;
        LandmarksValue = landmarksValue;
        OutputValue = outputValue;
        _binding = binding;
    }

    public int Batch { get; }

    /// <summary>batch × 1 × 80 × 16 values, NCHW.</summary>
    public Span<float> Mel => _storage.Mel.AsSpan(0, Batch * Wav2LipContract.MelValuesPerFrame);

    /// <summary>batch × 6 × S × S values, NCHW.</summary>
    public Span<float> Face => _storage.Face.AsSpan(0, Batch * Wav2LipContract.FaceChannels * _storage.FaceSize * _storage.FaceSize);

    /// <summary>batch × 68 × 2 values; empty when the model takes no landmarks.</summary>
    public Span<float> Landmarks => _storage.Landmarks is { } landmarks ? landmarks.AsSpan(0, Batch * Wav2LipContract.LandmarkValuesPerFrame) : [];

    /// <summary>batch × 3 × S × S values, NCHW; written by <see cref="Run"/>.</summary>
    public Span<float> Output => _storage.Output.AsSpan(0, Batch * Wav2LipContract.OutputChannels * _storage.FaceSize * _storage.FaceSize);

    /// <summary>The tensors' <c>OrtValue</c>s, for tests that check no copy is made.</summary>
    internal OrtValue MelValue { get; }

    internal OrtValue FaceValue { get; }

    internal OrtValue? LandmarksValue { get; }

    internal OrtValue OutputValue { get; }

    public static BatchBuffers Create(InferenceSession session, Wav2LipBinding names, TensorStorage storage, int batch)
    {
        if (batch < 1 || batch > storage.MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"The storage holds 1..{storage.MaxBatch} frames.");
        }

        int size = storage.FaceSize;
        OrtValue? melValue = null, faceValue = null, landmarksValue = null, outputValue = null;
        OrtIoBinding? binding = null;
        try
        {
            melValue = Wrap(storage.Mel, [batch, 1, Wav2LipContract.MelBands, Wav2LipContract.MelStep]);
            faceValue = Wrap(storage.Face, [batch, Wav2LipContract.FaceChannels, size, size]);
            outputValue = Wrap(storage.Output, [batch, Wav2LipContract.OutputChannels, size, size]);
            binding = session.CreateIoBinding();
            binding.BindInput(names.Mel.Name, melValue);
            binding.BindInput(names.Face.Name, faceValue);
            if (names.Landmarks is { } landmarks)
            {
                landmarksValue = Wrap(storage.Landmarks ?? throw new ArgumentException("The model takes landmarks; the storage holds none.", nameof(storage)), [batch, Wav2LipContract.LandmarkPoints, 2]);
                binding.BindInput(landmarks.Name, landmarksValue);
            }

            binding.BindOutput(names.Output.Name, outputValue);
            return new BatchBuffers(batch, storage, melValue, faceValue, landmarksValue, outputValue, binding);
        }
        catch
        {
            binding?.Dispose();
            melValue?.Dispose();
            faceValue?.Dispose();
            landmarksValue?.Dispose();
            outputValue?.Dispose();
            throw;
        }
    }

    /// <summary>Runs the session on <see cref="Mel"/>, <see cref="Face"/> (and <see cref="Landmarks"/>); ORT writes <see cref="Output"/> in place.</summary>
    public void Run(InferenceSession session, RunOptions options) => session.RunWithBinding(options, _binding);

    public void Dispose()
    {
        _binding.Dispose();
        MelValue.Dispose();
        FaceValue.Dispose();
        LandmarksValue?.Dispose();
        OutputValue.Dispose();
    }

    // The tensor covers the prefix its shape describes (the storage arrays are pinned for the process's life, so the
    // value may keep their address). CreateTensorValueFromMemory checks the element count against the shape.
    private static OrtValue Wrap(float[] pinned, long[] shape)
    {
        long count = 1;
        foreach (long dim in shape)
        {
            count *= dim;
        }

        return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, pinned.AsMemory(0, checked((int)count)), shape);
    }
}
