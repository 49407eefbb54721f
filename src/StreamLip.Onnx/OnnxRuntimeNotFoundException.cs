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
            $"ONNX Runtime's native library could not be loaded ({Innermost(inner).Message}). It ships with the program, from the " +
            $"NuGet package Microsoft.ML.OnnxRuntime {OnnxRuntimeEnvironment.PackageVersion} (or Microsoft.ML.OnnxRuntime.Gpu.Linux " +
            "for CUDA / TensorRT), in runtimes/linux-x64/native/ next to the program: run `./streamlip setup` to build it " +
            "again, and run the program from its build output.",
            inner)
    {
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
