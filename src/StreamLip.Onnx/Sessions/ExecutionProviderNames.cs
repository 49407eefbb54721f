namespace StreamLip.Onnx.Sessions;

/// <summary>ONNX Runtime's names for the providers.</summary>
internal static class ExecutionProviderNames
{
    public const string TensorRT = "TensorrtExecutionProvider";
    public const string Cuda = "CUDAExecutionProvider";
    public const string Cpu = "CPUExecutionProvider";

    public static string OrtName(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.TensorRT => TensorRT,
        ExecutionProvider.Cuda => Cuda,
        ExecutionProvider.Cpu => Cpu,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };
}
