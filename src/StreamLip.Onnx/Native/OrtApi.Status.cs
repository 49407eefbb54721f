using System.Runtime.InteropServices;

namespace StreamLip.Onnx.Native;

/// <summary>OrtStatus: the error value every fallible call returns (null means success).</summary>
internal sealed unsafe partial class OrtApi
{
    /// <summary>Throws when <paramref name="status"/> is an error; the status is released either way.</summary>
    /// <param name="status">What the call returned; zero is success.</param>
    /// <param name="operation">The C API function, named in the message.</param>
    public void Check(nint status, string operation)
    {
        if (status != nint.Zero)
        {
            throw ToException(status, operation);
        }
    }

    /// <summary>Reads code and message of a failed status, releases it and returns the exception to throw.</summary>
    public OnnxRuntimeException ToException(nint status, string operation)
    {
        var code = (OrtErrorCode)_getErrorCode(status);
        string message = Marshal.PtrToStringUTF8((nint)_getErrorMessage(status)) ?? string.Empty;
        _releaseStatus(status);
        return new OnnxRuntimeException(code, operation, message);
    }

    /// <summary>Creates a status the caller must release with <see cref="ReleaseStatus"/> (used by tests of the table).</summary>
    public nint CreateStatus(OrtErrorCode code, string message)
    {
        fixed (byte* text = Utf8.NullTerminated(message))
        {
            return _createStatus((int)code, text);
        }
    }

    /// <summary>The code a status carries.</summary>
    public OrtErrorCode GetErrorCode(nint status) => (OrtErrorCode)_getErrorCode(status);

    /// <summary>The message a status carries (copied; the native text belongs to the status).</summary>
    public string GetErrorMessage(nint status) => Marshal.PtrToStringUTF8((nint)_getErrorMessage(status)) ?? string.Empty;

    /// <summary>Frees a status.</summary>
    public void ReleaseStatus(nint status) => _releaseStatus(status);
}
