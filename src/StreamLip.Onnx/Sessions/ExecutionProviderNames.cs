namespace StreamLip.Onnx.Sessions;

/// <summary>ONNX Runtime's names for the providers, and the provider libraries each needs next to libonnxruntime.</summary>
internal static class ExecutionProviderNames
{
    public const string TensorRT = "TensorrtExecutionProvider";
    public const string Cuda = "CUDAExecutionProvider";
    public const string Cpu = "CPUExecutionProvider";

    // ORT loads GPU providers from the directory of libonnxruntime itself; the official GPU archives ship them there.
    private const string SharedProviders = "libonnxruntime_providers_shared.so";

    public static string OrtName(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.TensorRT => TensorRT,
        ExecutionProvider.Cuda => Cuda,
        ExecutionProvider.Cpu => Cpu,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>Provider libraries <paramref name="provider"/> loads at append time (none for the CPU).</summary>
    public static string[] ProviderLibraries(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.TensorRT => [SharedProviders, "libonnxruntime_providers_tensorrt.so"],
        ExecutionProvider.Cuda => [SharedProviders, "libonnxruntime_providers_cuda.so"],
        _ => [],
    };
}
