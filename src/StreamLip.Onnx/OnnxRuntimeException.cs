namespace StreamLip.Onnx;

/// <summary>A call into ONNX Runtime failed; <see cref="RuntimeMessage"/> carries ORT's own message.</summary>
public sealed class OnnxRuntimeException : Exception
{
    /// <summary>Creates the exception for a failed call to <paramref name="operation"/>.</summary>
    public OnnxRuntimeException(OrtErrorCode errorCode, string operation, string runtimeMessage, Exception? inner = null)
        : base($"ONNX Runtime {operation} failed ({errorCode}): {runtimeMessage}", inner)
    {
        ErrorCode = errorCode;
        Operation = operation;
        RuntimeMessage = runtimeMessage;
    }

    /// <summary>ORT's error code.</summary>
    public OrtErrorCode ErrorCode { get; }

    /// <summary>What failed, e.g. <c>Run</c> or <c>CreateSession</c>.</summary>
    public string Operation { get; }

    /// <summary>ORT's message, unchanged.</summary>
    public string RuntimeMessage { get; }
}
