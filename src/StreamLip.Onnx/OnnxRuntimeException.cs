namespace StreamLip.Onnx;

/// <summary>A call into ONNX Runtime failed; <see cref="Exception.Message"/> carries ORT's own message.</summary>
public sealed class OnnxRuntimeException : Exception
{
    /// <summary>Creates the exception for a failed call to <paramref name="operation"/>.</summary>
    public OnnxRuntimeException(OrtErrorCode errorCode, string operation, string runtimeMessage)
        : base($"ONNX Runtime {operation} failed ({errorCode}): {runtimeMessage}")
    {
        ErrorCode = errorCode;
        Operation = operation;
        RuntimeMessage = runtimeMessage;
    }

    /// <summary>ORT's error code.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>The C API function that failed, e.g. <c>Run</c>.</summary>
    public string Operation { get; }

    /// <summary>ORT's message, unchanged.</summary>
    public string RuntimeMessage { get; }
}
