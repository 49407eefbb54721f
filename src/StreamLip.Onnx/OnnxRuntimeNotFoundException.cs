using StreamLip.Onnx.Runtime;

namespace StreamLip.Onnx;

/// <summary>
/// ONNX Runtime's native library (<c>libonnxruntime.so</c>, shipped by the NuGet package in the program's
/// <c>runtimes/linux-x64/native</c> folder) is missing or cannot be loaded. The message says how to get it back.
/// </summary>
public sealed class OnnxRuntimeNotFoundException : Exception
{
    internal OnnxRuntimeNotFoundException(Exception inner)
        : base(
            $"ONNX Runtime's native library could not be loaded ({FirstSentence(Innermost(inner).Message)} {Expected} " +
            $"{(File.Exists(Expected) ? "exists but does not load" : "does not exist")}). It ships with the program, from the NuGet package Microsoft.ML.OnnxRuntime {OnnxRuntimeEnvironment.PackageVersion} (or Microsoft.ML.OnnxRuntime.Gpu.Linux " +
            "for CUDA / TensorRT), in runtimes/linux-x64/native/ next to the program: run `./streamlip setup` to build it " +
            "again, and run the program from its build output.",
            inner)
    {
    }

    /// <summary>Where the NuGet package puts the library in a program's build output.</summary>
    internal static string Expected => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime.so");

    private static string FirstSentence(string text)
    {
        int end = text.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? text.Trim() : text[..(end + 1)];
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
