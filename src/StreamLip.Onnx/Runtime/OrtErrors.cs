using System.Text.RegularExpressions;
using OrtException = Microsoft.ML.OnnxRuntime.OnnxRuntimeException;

namespace StreamLip.Onnx.Runtime;

/// <summary>
/// Reads the error code and ORT's own text out of the managed API's exception, whose message is
/// <c>[ErrorCode:NAME] text</c> (the code itself is not public), and wraps it in StreamLip's
/// <see cref="OnnxRuntimeException"/>. Only on the failure path: nothing here runs per successful call.
/// </summary>
internal static partial class OrtErrors
{
    public static OnnxRuntimeException Wrap(string operation, OrtException e)
    {
        var (code, text) = Split(e.Message);
        return new OnnxRuntimeException(code, operation, text, e);
    }

    public static (OrtErrorCode Code, string Text) Split(string message)
    {
        var match = Prefix().Match(message);
        if (!match.Success)
        {
            return (OrtErrorCode.Fail, message);
        }

        var code = Enum.TryParse(match.Groups[1].Value, out OrtErrorCode parsed) ? parsed : OrtErrorCode.Fail;
        return (code, message[match.Length..].Trim());
    }

    [GeneratedRegex(@"^\[ErrorCode:(\w+)\]")]
    private static partial Regex Prefix();
}
