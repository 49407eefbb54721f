using Microsoft.ML.OnnxRuntime;
using StreamLip.Onnx.Runtime;
using OrtException = Microsoft.ML.OnnxRuntime.OnnxRuntimeException;

namespace StreamLip.Onnx.Sessions;

/// <summary>
/// One ONNX Runtime session over a model file, with everything read from the model once at load: inputs, outputs,
/// custom metadata, and the execution provider chosen. Owns the <see cref="InferenceSession"/>; not thread-safe (its
/// owner decides who may run it).
/// </summary>
internal sealed class OnnxSession : IDisposable
{
    private OnnxSession(
        InferenceSession session,
        string modelPath,
        IReadOnlyList<TensorSpec> inputs,
        IReadOnlyList<TensorSpec> outputs,
        IReadOnlyDictionary<string, string> metadata,
        ProviderChoice providers)
    {
        Session = session;
        ModelPath = modelPath;
        Inputs = inputs;
        Outputs = outputs;
        Metadata = metadata;
        Providers = providers;
    }

    public InferenceSession Session { get; }

    /// <summary>Full path of the model file.</summary>
    public string ModelPath { get; }

    public IReadOnlyList<TensorSpec> Inputs { get; }

    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>The model's custom metadata (ONNX <c>metadata_props</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public ProviderChoice Providers { get; }

    /// <summary>Creates the session: graph optimisation "all", no memory patterns, the given threads and providers.</summary>
    /// <exception cref="ModelFileNotFoundException">No file at <paramref name="modelPath"/>.</exception>
    /// <exception cref="InvalidModelException">ORT could not load the file as a model.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The native library cannot be loaded.</exception>
    public static OnnxSession Open(string modelPath, SessionSettings settings)
    {
        string fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
        {
            throw new ModelFileNotFoundException(fullPath);
        }

        _ = OnnxRuntimeEnvironment.Instance;
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,

            // Memory patterns keep a planned block per distinct input shape; the real-time batcher runs every batch size
            // from 1 to its maximum, so they grew the process by up to 100 MiB at S = 96 for no measurable speed (within
            // noise on the demo and the full-size random model, benchmarks/RESULTS.md). Without them, intermediates come
            // from the CPU arena, whose size is set by the largest batch run.
            EnableMemoryPattern = false,
            LogId = "StreamLip",
        };
        if (settings.IntraOpThreads > 0)
        {
            options.IntraOpNumThreads = settings.IntraOpThreads;
        }

        // Pre-packing keeps the weights in the CPU kernels' own layout: 8 % faster for the full-size Wav2Lip-96 here, for
        // ≈ 80 MiB more resident memory (benchmarks/RESULTS.md, "ONNX Runtime: the official package"). On by default.
        if (!settings.PrepackWeights)
        {
            options.AddSessionConfigEntry("session.disable_prepacking", "1");
        }

        // TensorRT's profile names the inputs: read them from a plain CPU session first (only when TensorRT is appended).
        var providers = ExecutionProviderAppender.Append(options, settings, () => ReadInputs(fullPath));
        var session = Create(fullPath, options);
        try
        {
            var inputs = Describe(session.InputNames, session.InputMetadata);
            var outputs = Describe(session.OutputNames, session.OutputMetadata);
            var metadata = new Dictionary<string, string>(session.ModelMetadata.CustomMetadataMap, StringComparer.Ordinal).AsReadOnly();
            return new OnnxSession(session, fullPath, inputs, outputs, metadata, providers);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Dispose() => Session.Dispose();

    private static InferenceSession Create(string fullPath, SessionOptions options)
    {
        try
        {
            return new InferenceSession(fullPath, options);
        }
        catch (OrtException e)
        {
            throw new InvalidModelException(fullPath, OrtErrors.Wrap("CreateSession", e));
        }
    }

    // In the graph's order (the names list is ordered; the metadata dictionary is keyed by name).
    private static TensorSpec[] Describe(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        [.. names.Select(name => TensorSpec.From(name, nodes[name]))];

    private static TensorSpec[] ReadInputs(string fullPath)
    {
        using var plain = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = Create(fullPath, plain);
        return Describe(session.InputNames, session.InputMetadata);
    }
}
