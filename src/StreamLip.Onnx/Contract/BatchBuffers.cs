using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using StreamLip.Onnx.Native;
using StreamLip.Onnx.Sessions;

namespace StreamLip.Onnx.Contract;

/// <summary>
/// The input and output tensors for one batch size, made once and reused by every run of that size: three float
/// arrays on the pinned object heap (they never move, so ORT may keep their addresses) wrapped as <c>OrtValue</c>s
/// without copying, and the <c>OrtValue*</c> arrays <c>Run</c> takes. This object owns the values; the arrays are
/// managed memory kept alive by it. One caller at a time (the model's lock).
/// </summary>
internal sealed unsafe class BatchBuffers : IDisposable
{
    private readonly OrtValueHandle _melValue;
    private readonly OrtValueHandle _faceValue;
    private readonly OrtValueHandle _outputValue;
    private readonly nint[] _inputs;
    private readonly nint[] _outputs;

    private BatchBuffers(
        int batch,
        float[] mel,
        float[] face,
        float[] output,
        OrtValueHandle melValue,
        OrtValueHandle faceValue,
        OrtValueHandle outputValue)
    {
        Batch = batch;
        Mel = mel;
        Face = face;
        Output = output;
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
    public float[] Mel { get; }

    /// <summary>batch × 6 × S × S values, NCHW.</summary>
    public float[] Face { get; }

    /// <summary>batch × 3 × S × S values, NCHW; written by <see cref="Run"/>.</summary>
    public float[] Output { get; }

    /// <summary>The tensors' <c>OrtValue</c>s, for tests that check no copy is made.</summary>
    internal OrtValueHandle MelValue => _melValue;

    internal OrtValueHandle FaceValue => _faceValue;

    internal OrtValueHandle OutputValue => _outputValue;

    public static BatchBuffers Create(OrtApi api, OrtMemoryInfoHandle memory, int batch, int faceSize)
    {
        var mel = GC.AllocateArray<float>(batch * Wav2LipContract.MelValuesPerFrame, pinned: true);
        var face = GC.AllocateArray<float>(batch * Wav2LipContract.FaceChannels * faceSize * faceSize, pinned: true);
        var output = GC.AllocateArray<float>(batch * Wav2LipContract.OutputChannels * faceSize * faceSize, pinned: true);

        OrtValueHandle? melValue = null, faceValue = null, outputValue = null;
        try
        {
            melValue = Wrap(api, memory, mel, [batch, 1, Wav2LipContract.MelBands, Wav2LipContract.MelStep]);
            faceValue = Wrap(api, memory, face, [batch, Wav2LipContract.FaceChannels, faceSize, faceSize]);
            outputValue = Wrap(api, memory, output, [batch, Wav2LipContract.OutputChannels, faceSize, faceSize]);
            return new BatchBuffers(batch, mel, face, output, melValue, faceValue, outputValue);
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

    private static OrtValueHandle Wrap(OrtApi api, OrtMemoryInfoHandle memory, float[] pinned, ReadOnlySpan<long> shape) =>
        api.CreateTensor(
            memory,
            Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned)),
            (nuint)((long)pinned.Length * sizeof(float)),
            shape,
            OnnxElementType.Float);

    private static nint* PointerOf(nint[] pinned) => (nint*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
}
