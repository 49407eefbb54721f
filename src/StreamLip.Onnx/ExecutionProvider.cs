namespace StreamLip.Onnx;

/// <summary>An ONNX Runtime execution provider StreamLip can ask for.</summary>
public enum ExecutionProvider
{
    /// <summary>NVIDIA TensorRT (<c>TensorrtExecutionProvider</c>); needs an ORT GPU build, CUDA and TensorRT.</summary>
    TensorRT,

    /// <summary>NVIDIA CUDA (<c>CUDAExecutionProvider</c>); needs an ORT GPU build, CUDA and cuDNN.</summary>
    Cuda,

    /// <summary>The CPU (<c>CPUExecutionProvider</c>); always present.</summary>
    Cpu,
}
