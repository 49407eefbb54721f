namespace StreamLip.Onnx.Native;

/// <summary>ONNX Runtime's <c>GraphOptimizationLevel</c>.</summary>
internal enum GraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
