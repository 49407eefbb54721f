using StreamLip.Onnx.Native;

namespace StreamLip.Onnx.Sessions;

/// <summary>
/// One ONNX Runtime session over a model file, with everything read from the model once at load: inputs, outputs,
/// custom metadata, and the execution provider chosen. Owns the native session; not thread-safe (its owner decides
/// who may run it).
/// </summary>
internal sealed class OnnxSession : IDisposable
{
    private OnnxSession(
        OrtRuntime runtime,
        OrtSessionHandle handle,
        string modelPath,
        IReadOnlyList<TensorSpec> inputs,
        IReadOnlyList<TensorSpec> outputs,
        IReadOnlyDictionary<string, string> metadata,
        ProviderChoice providers)
    {
        Runtime = runtime;
        Handle = handle;
        ModelPath = modelPath;
        Inputs = inputs;
        Outputs = outputs;
        Metadata = metadata;
        Providers = providers;
    }

    public OrtRuntime Runtime { get; }

    public OrtSessionHandle Handle { get; }

    /// <summary>Full path of the model file.</summary>
    public string ModelPath { get; }

    public IReadOnlyList<TensorSpec> Inputs { get; }

    public IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>The model's custom metadata (ONNX <c>metadata_props</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public ProviderChoice Providers { get; }

    /// <summary>Creates the session: graph optimisation "all", the given threads and providers.</summary>
    /// <exception cref="ModelFileNotFoundException">No file at <paramref name="modelPath"/>.</exception>
    /// <exception cref="InvalidModelException">ORT could not load the file as a model.</exception>
    public static OnnxSession Open(OrtRuntime runtime, string modelPath, SessionSettings settings)
    {
        string fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
        {
            throw new ModelFileNotFoundException(fullPath);
        }

        var api = runtime.Api;
        using var options = api.CreateSessionOptions();
        api.SetGraphOptimizationLevel(options, GraphOptimizationLevel.All);

        // Memory patterns keep a planned block per distinct input shape; the real-time batcher runs every batch size
        // from 1 to its maximum, so they grew the process by up to 100 MiB at S = 96 for no measurable speed (within
        // noise on the demo and the full-size random model, benchmarks/RESULTS.md). Without them, intermediates come
        // from the CPU arena, whose size is set by the largest batch run.
        api.DisableMemPattern(options);
        if (settings.IntraOpThreads > 0)
        {
            api.SetIntraOpNumThreads(options, settings.IntraOpThreads);
        }

        var providers = ExecutionProviderAppender.Append(runtime, options, settings.Providers);

        OrtSessionHandle handle;
        try
        {
            handle = api.CreateSession(runtime.Env, fullPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidModelException(fullPath, e);
        }

        try
        {
            var inputs = new TensorSpec[api.GetInputCount(handle)];
            for (int i = 0; i < inputs.Length; i++)
            {
                using var type = api.GetInputTypeInfo(handle, i);
                inputs[i] = Describe(api, api.GetInputName(handle, i), type);
            }

            var outputs = new TensorSpec[api.GetOutputCount(handle)];
            for (int i = 0; i < outputs.Length; i++)
            {
                using var type = api.GetOutputTypeInfo(handle, i);
                outputs[i] = Describe(api, api.GetOutputName(handle, i), type);
            }

            var metadata = api.GetCustomMetadata(handle).AsReadOnly();
            return new OnnxSession(runtime, handle, fullPath, inputs, outputs, metadata, providers);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose() => Handle.Dispose();

    private static TensorSpec Describe(OrtApi api, string name, OrtTypeInfoHandle type)
    {
        var valueType = api.GetValueType(type);
        if (valueType != OnnxValueType.Tensor)
        {
            return new TensorSpec(name, valueType, OnnxElementType.Undefined, [], []);
        }

        var (element, dims, symbols) = api.GetTensorShape(type);
        return new TensorSpec(name, valueType, element, dims, symbols);
    }
}
