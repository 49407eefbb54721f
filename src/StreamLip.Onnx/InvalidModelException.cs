namespace StreamLip.Onnx;

/// <summary>
/// ONNX Runtime could not load the file as a model: it is not ONNX, is damaged, or uses operators or an opset this
/// build lacks. <see cref="RuntimeMessage"/> is ORT's own explanation.
/// </summary>
public sealed class InvalidModelException : Exception
{
    /// <summary>Creates the exception for <paramref name="modelPath"/> from the failed session creation.</summary>
    public InvalidModelException(string modelPath, OnnxRuntimeException inner)
        : base(
            $"'{modelPath}' could not be loaded as an ONNX model: {inner?.RuntimeMessage} " +
            "Check that the file is a complete .onnx export (not a PyTorch checkpoint, not truncated) and that its opset is " +
            "supported by ONNX Runtime " + Runtime.OnnxRuntimeEnvironment.PackageVersion + ".",
            inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ModelPath = modelPath;
        RuntimeMessage = inner.RuntimeMessage;
        ErrorCode = inner.ErrorCode;
    }

    /// <summary>Full path of the file.</summary>
    public string ModelPath { get; }

    /// <summary>ORT's message, unchanged.</summary>
    public string RuntimeMessage { get; }

    /// <summary>ORT's error code (<see cref="OrtErrorCode.InvalidProtobuf"/> for a file that is not ONNX).</summary>
    public OrtErrorCode ErrorCode { get; }
}
