using Microsoft.ML.OnnxRuntime;
using StreamLip.Inference;
using StreamLip.Onnx.Contract;
using StreamLip.Onnx.Runtime;
using StreamLip.Onnx.Sessions;
using OrtException = Microsoft.ML.OnnxRuntime.OnnxRuntimeException;

namespace StreamLip.Onnx;

/// <summary>
/// A Wav2Lip-contract generator run by ONNX Runtime (the official managed API). One session per model; inputs and
/// outputs are identified by shape and described once in <see cref="Info"/>.
/// </summary>
/// <remarks>
/// <para>Memory: pinned input and output buffers for <see cref="LipSyncModelInfo.MaxBatch"/> frames are made once at
/// load; each batch size actually run gets, once, <c>OrtValue</c>s over the first frames of those buffers and an
/// <c>OrtIoBinding</c> of them (a few hundred bytes), so memory does not grow with the number of distinct sizes the load brings. <see cref="Run(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int)"/>
/// copies the caller's spans into the inputs, runs with the pre-allocated output, and copies the output out. Nothing
/// is allocated per call. The copies cost about 1 MB of memcpy for batch 5 at S = 96, far below the model's own time,
/// and keep every buffer owned by its caller.</para>
/// <para>Threads: one caller at a time. Concurrent calls are serialised by a lock (ORT sessions are safe to run
/// concurrently, the shared buffers are not). <see cref="Dispose"/> waits for a running call; after it every call
/// throws <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public sealed class Wav2LipModel : ILipSyncGenerator
{
    private readonly OnnxSession _session;
    private readonly Wav2LipBinding _binding;
    private readonly RunOptions _runOptions = new();

    private readonly TensorStorage _storage;

    // Index batch - 1; made on first use of that batch size, released in Dispose.
    private readonly BatchBuffers?[] _buffers;
    private readonly Lock _gate = new();
    private bool _disposed;

    private Wav2LipModel(OnnxSession session, Wav2LipBinding binding, int maxBatch)
    {
        _session = session;
        _binding = binding;
        _storage = new TensorStorage(maxBatch, binding.FaceSize, binding.Landmarks is not null);
        _buffers = new BatchBuffers?[maxBatch];
        Info = new LipSyncModelInfo(
            binding.Mel.Name,
            binding.Face.Name,
            binding.Output.Name,
            binding.FaceSize,
            maxBatch,
            binding.FixedBatch,
            session.Providers.Chosen,
            session.Metadata)
        {
            SkippedProviders = session.Providers.Skipped,
            LandmarksInputName = binding.Landmarks?.Name,
        };
    }

    /// <inheritdoc />
    public LipSyncModelInfo Info { get; }

    /// <summary>Which execution providers were appended and why the others were skipped (for logs).</summary>
    internal ProviderChoice Providers => _session.Providers;

    /// <summary>
    /// The execution providers this program's ONNX Runtime build has, in StreamLip's order of preference (TensorRT,
    /// CUDA, CPU): the CPU package has only the CPU, the GPU package all three. What <see cref="Load"/> asks for when
    /// <see cref="Wav2LipModelOptions.Providers"/> is null.
    /// </summary>
    /// <exception cref="OnnxRuntimeNotFoundException">The native library cannot be loaded.</exception>
    public static IReadOnlyList<ExecutionProvider> AvailableProviders =>
        [.. Enum.GetValues<ExecutionProvider>().Where(p => OnnxRuntimeEnvironment.AvailableProviders.Contains(ExecutionProviderNames.OrtName(p), StringComparer.Ordinal))];

    /// <summary>Full path of the model file.</summary>
    public string ModelPath => _session.ModelPath;

    /// <summary>
    /// Loads a model and checks that it follows the Wav2Lip contract.
    /// </summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="options">Batch, providers, threads, GPU settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The ONNX Runtime library was not found or cannot be used.</exception>
    /// <exception cref="ModelFileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidModelException">The file is not a model ONNX Runtime can load.</exception>
    /// <exception cref="ModelContractException">The model does not follow the Wav2Lip contract.</exception>
    public static Wav2LipModel Load(string path, Wav2LipModelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new Wav2LipModelOptions();
        options.Validate();

        var session = OnnxSession.Open(path, new SessionSettings([.. options.Providers ?? AvailableProviders], options.IntraOpThreads, options.MaxBatch, options.Gpu, options.PrepackWeights));
        try
        {
            var binding = Wav2LipContract.Bind(session.ModelPath, session.Inputs, session.Outputs);
            return new Wav2LipModel(session, binding, binding.FixedBatch ?? options.MaxBatch);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="BatchSizeException"><paramref name="batch"/> is out of range or not the model's fixed batch.</exception>
    /// <exception cref="ArgumentException">A span does not hold exactly the values of <paramref name="batch"/> frames.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime failed to run the model.</exception>
    public void Run(ReadOnlySpan<float> mel, ReadOnlySpan<float> face, Span<float> output, int batch) => Run(mel, face, [], output, batch);

    /// <inheritdoc />
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    /// <exception cref="BatchSizeException"><paramref name="batch"/> is out of range or not the model's fixed batch.</exception>
    /// <exception cref="ArgumentException">A span does not hold exactly the values of <paramref name="batch"/> frames (landmarks: only when the model takes them).</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime failed to run the model.</exception>
    public void Run(ReadOnlySpan<float> mel, ReadOnlySpan<float> face, ReadOnlySpan<float> landmarks, Span<float> output, int batch)
    {
        lock (_gate)
        {
            var buffers = Prepare(batch, mel.Length, face.Length, output.Length);
            if (_binding.Landmarks is not null)
            {
                RequireLength(landmarks.Length, batch, 1, Wav2LipContract.LandmarkPoints, 2, "landmarks");
                landmarks.CopyTo(buffers.Landmarks);
            }

            mel.CopyTo(buffers.Mel);
            face.CopyTo(buffers.Face);
            try
            {
                buffers.Run(_session.Session, _runOptions);
            }
            catch (OrtException e)
            {
                throw OrtErrors.Wrap("Run", e);
            }

            buffers.Output.CopyTo(output);
        }
    }

    /// <summary>Releases the session and every buffer. Waits for a call in progress; safe to call twice.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var buffers in _buffers)
            {
                buffers?.Dispose();
            }

            Array.Clear(_buffers);
            _runOptions.Dispose();
            _session.Dispose();
        }
    }

    /// <summary>The buffers of <paramref name="batch"/>, made on first use (for tests: lets them see the OrtValues).</summary>
    internal BatchBuffers BuffersFor(int batch)
    {
        lock (_gate)
        {
            return Prepare(batch, null, null, null);
        }
    }

    // Caller holds _gate. Null lengths skip the span checks.
    private BatchBuffers Prepare(int batch, int? melLength, int? faceLength, int? outputLength)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_binding.FixedBatch is int fixedBatch ? batch != fixedBatch : batch < 1 || batch > _buffers.Length)
        {
            throw new BatchSizeException(batch, _buffers.Length, _binding.FixedBatch);
        }

        int size = _binding.FaceSize;
        RequireLength(melLength, batch, 1, Wav2LipContract.MelBands, Wav2LipContract.MelStep, "mel");
        RequireLength(faceLength, batch, Wav2LipContract.FaceChannels, size, size, "face");
        RequireLength(outputLength, batch, Wav2LipContract.OutputChannels, size, size, "output");

        return _buffers[batch - 1] ??= BatchBuffers.Create(_session.Session, _binding, _storage, batch);
    }

    // The message is built only on failure: the run path must not allocate.
    private static void RequireLength(int? actual, int batch, int channels, int height, int width, string name)
    {
        int expected = batch * channels * height * width;
        if (actual is int length && length != expected)
        {
            throw new ArgumentException(
                $"'{name}' holds {length} values; a batch of {batch} needs exactly {expected} ({batch}×{channels}×{height}×{width}).",
                name);
        }
    }
}
