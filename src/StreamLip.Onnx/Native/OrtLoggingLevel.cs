namespace StreamLip.Onnx.Native;

/// <summary>ONNX Runtime's <c>OrtLoggingLevel</c>: the least severe level that is logged.</summary>
internal enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
