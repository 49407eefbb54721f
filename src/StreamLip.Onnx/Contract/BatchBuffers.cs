using Microsoft.ML.OnnxRuntime;
using StreamLip.Onnx.Sessions;

namespace StreamLip.Onnx.Contract;

/// <summary>
/// The pinned input and output memory of a model, sized once for its largest batch: three float arrays on the pinned
/// object heap (they never move, so ORT may keep their addresses). Every batch size runs on a prefix of the same
/// arrays, so the memory is the same whichever sizes the load brings (before, one set per size seen grew the process
/// by up to 700 MiB at S = 96 as new sizes appeared).
/// </summary>
internal sealed class TensorStorage
{
    public TensorStorage(int maxBatch, int faceSize)
    {
        MaxBatch = maxBatch;
        FaceSize = faceSize;
        Mel = GC.AllocateArray<float>(maxBatch * Wav2LipContract.MelValuesPerFrame, pinned: true);
        Face = GC.AllocateArray<float>(maxBatch * Wav2LipContract.FaceChannels * faceSize * faceSize, pinned: true);
        Output = GC.AllocateArray<float>(maxBatch * Wav2LipContract.OutputChannels * faceSize * faceSize, pinned: true);
    }

    public int MaxBatch { get; }

    public int FaceSize { get; }

    /// <summary>maxBatch × 1 × 80 × 16 values, NCHW.</summary>
    public float[] Mel { get; }

    /// <summary>maxBatch × 6 × S × S values, NCHW.</summary>
    public float[] Face { get; }

    /// <summary>maxBatch × 3 × S × S values, NCHW.</summary>
    public float[] Output { get; }
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

    private BatchBuffers(int batch, TensorStorage storage, OrtValue melValue, OrtValue faceValue, OrtValue outputValue, OrtIoBinding binding)
    {
        Batch = batch;
        _storage = storage;
        MelValue = melValue;
        FaceValue = faceValue;
        OutputValue = outputValue;
        _binding = binding;
    }

    public int Batch { get; }

    /// <summary>batch × 1 × 80 × 16 values, NCHW.</summary>
    public Span<float> Mel => _storage.Mel.AsSpan(0, Batch * Wav2LipContract.MelValuesPerFrame);

    /// <summary>batch × 6 × S × S values, NCHW.</summary>
    public Span<float> Face => _storage.Face.AsSpan(0, Batch * Wav2LipContract.FaceChannels * _storage.FaceSize * _storage.FaceSize);

    /// <summary>batch × 3 × S × S values, NCHW; written by <see cref="Run"/>.</summary>
    public Span<float> Output => _storage.Output.AsSpan(0, Batch * Wav2LipContract.OutputChannels * _storage.FaceSize * _storage.FaceSize);

    /// <summary>The tensors' <c>OrtValue</c>s, for tests that check no copy is made.</summary>
    internal OrtValue MelValue { get; }

    internal OrtValue FaceValue { get; }

    internal OrtValue OutputValue { get; }

    public static BatchBuffers Create(InferenceSession session, Wav2LipBinding names, TensorStorage storage, int batch)
    {
        if (batch < 1 || batch > storage.MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"The storage holds 1..{storage.MaxBatch} frames.");
        }

        int size = storage.FaceSize;
        OrtValue? melValue = null, faceValue = null, outputValue = null;
        OrtIoBinding? binding = null;
        try
        {
            melValue = Wrap(storage.Mel, [batch, 1, Wav2LipContract.MelBands, Wav2LipContract.MelStep]);
            faceValue = Wrap(storage.Face, [batch, Wav2LipContract.FaceChannels, size, size]);
            outputValue = Wrap(storage.Output, [batch, Wav2LipContract.OutputChannels, size, size]);
            binding = session.CreateIoBinding();
            binding.BindInput(names.Mel.Name, melValue);
            binding.BindInput(names.Face.Name, faceValue);
            binding.BindOutput(names.Output.Name, outputValue);
            return new BatchBuffers(batch, storage, melValue, faceValue, outputValue, binding);
        }
        catch
        {
            binding?.Dispose();
            melValue?.Dispose();
            faceValue?.Dispose();
            outputValue?.Dispose();
            throw;
        }
    }

    /// <summary>Runs the session on <see cref="Mel"/> and <see cref="Face"/>; ORT writes <see cref="Output"/> in place.</summary>
    public void Run(InferenceSession session, RunOptions options) => session.RunWithBinding(options, _binding);

    public void Dispose()
    {
        _binding.Dispose();
        MelValue.Dispose();
        FaceValue.Dispose();
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
