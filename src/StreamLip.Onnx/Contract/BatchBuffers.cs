using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StreamLip.Onnx.Native;
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
/// The <c>OrtValue</c>s of one batch size: tensors over the first <c>batch</c> frames of the model's
/// <see cref="TensorStorage"/>, without copying, and the <c>OrtValue*</c> arrays <c>Run</c> takes. Made once per size
/// (three small native headers); this object owns the values, the storage owns the memory. One caller at a time
/// (the model's lock).
/// </summary>
internal sealed unsafe class BatchBuffers : IDisposable
{
    private readonly TensorStorage _storage;
    private readonly OrtValueHandle _melValue;
    private readonly OrtValueHandle _faceValue;
    private readonly OrtValueHandle _outputValue;
    private readonly nint[] _inputs;
    private readonly nint[] _outputs;

    private BatchBuffers(int batch, TensorStorage storage, OrtValueHandle melValue, OrtValueHandle faceValue, OrtValueHandle outputValue)
    {
        Batch = batch;
        _storage = storage;
        _melValue = melValue;
        _faceValue = faceValue;
        _outputValue = outputValue;

        // In the order of the names passed to Run: mel, then face.
        _inputs = GC.AllocateArray<nint>(2, pinned: true);
        _inputs[0] = melValue.DangerousGetHandle();
        _inputs[1] = faceValue.DangerousGetHandle();
        _outputs = GC.AllocateArray<nint>(1, pinned: true);
        _outputs[0] = outputValue.DangerousGetHandle();
    }

    public int Batch { get; }

    /// <summary>batch × 1 × 80 × 16 values, NCHW.</summary>
    public Span<float> Mel => _storage.Mel.AsSpan(0, Batch * Wav2LipContract.MelValuesPerFrame);

    /// <summary>batch × 6 × S × S values, NCHW.</summary>
    public Span<float> Face => _storage.Face.AsSpan(0, Batch * Wav2LipContract.FaceChannels * _storage.FaceSize * _storage.FaceSize);

    /// <summary>batch × 3 × S × S values, NCHW; written by <see cref="Run"/>.</summary>
    public Span<float> Output => _storage.Output.AsSpan(0, Batch * Wav2LipContract.OutputChannels * _storage.FaceSize * _storage.FaceSize);

    /// <summary>The tensors' <c>OrtValue</c>s, for tests that check no copy is made.</summary>
    internal OrtValueHandle MelValue => _melValue;

    internal OrtValueHandle FaceValue => _faceValue;

    internal OrtValueHandle OutputValue => _outputValue;

    public static BatchBuffers Create(OrtApi api, OrtMemoryInfoHandle memory, TensorStorage storage, int batch)
    {
        if (batch < 1 || batch > storage.MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"The storage holds 1..{storage.MaxBatch} frames.");
        }

        int size = storage.FaceSize;
        OrtValueHandle? melValue = null, faceValue = null, outputValue = null;
        try
        {
            melValue = Wrap(api, memory, storage.Mel, [batch, 1, Wav2LipContract.MelBands, Wav2LipContract.MelStep]);
            faceValue = Wrap(api, memory, storage.Face, [batch, Wav2LipContract.FaceChannels, size, size]);
            outputValue = Wrap(api, memory, storage.Output, [batch, Wav2LipContract.OutputChannels, size, size]);
            return new BatchBuffers(batch, storage, melValue, faceValue, outputValue);
        }
        catch
        {
            melValue?.Dispose();
            faceValue?.Dispose();
            outputValue?.Dispose();
            throw;
        }
    }

    /// <summary>Runs the session on <see cref="Mel"/> and <see cref="Face"/>; ORT writes <see cref="Output"/> in place.</summary>
    public void Run(OrtApi api, OrtSessionHandle session, PinnedNames inputNames, PinnedNames outputNames)
    {
        // Held so that no value can be released while ORT uses it.
        using var mel = new HandleLease(_melValue);
        using var face = new HandleLease(_faceValue);
        using var output = new HandleLease(_outputValue);
        api.Run(session, inputNames.Pointer, PointerOf(_inputs), _inputs.Length, outputNames.Pointer, PointerOf(_outputs), _outputs.Length);
    }

    public void Dispose()
    {
        _melValue.Dispose();
        _faceValue.Dispose();
        _outputValue.Dispose();
    }

    // The tensor covers the prefix its shape describes: the byte count is that of the shape, not of the whole array.
    private static OrtValueHandle Wrap(OrtApi api, OrtMemoryInfoHandle memory, float[] pinned, ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (long dim in shape)
        {
            count *= dim;
        }

        return api.CreateTensor(
            memory,
            Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned)),
            (nuint)(count * sizeof(float)),
            shape,
            OnnxElementType.Float);
    }

    private static nint* PointerOf(nint[] pinned) => (nint*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
}
