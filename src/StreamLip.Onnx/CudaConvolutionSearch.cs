namespace StreamLip.Onnx;

/// <summary>How the CUDA provider picks cuDNN convolution algorithms (ORT's <c>cudnn_conv_algo_search</c>).</summary>
public enum CudaConvolutionSearch
{
    /// <summary>Benchmark every algorithm once per shape and keep the fastest (slowest first run, fastest after).</summary>
    Exhaustive,

    /// <summary>cuDNN's heuristics, no benchmarking.</summary>
    Heuristic,

    /// <summary>cuDNN's default algorithm.</summary>
    Default,
}
