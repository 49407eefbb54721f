using Microsoft.ML.OnnxRuntime;

namespace StreamLip.Onnx.Runtime;

/// <summary>
/// The process's one ONNX Runtime environment (<see cref="OrtEnv"/>), created on first use with StreamLip's log id and
/// level (warnings and errors to stderr) and kept for the life of the process, as ORT requires. The native library
/// comes from the NuGet package the program was built with (<c>runtimes/linux-x64/native/libonnxruntime.so</c>).
/// </summary>
internal static class OnnxRuntimeEnvironment
{
    /// <summary>The ONNX Runtime packages StreamLip is built against (Directory.Packages.props).</summary>
    public const string PackageVersion = "1.32.0";

    private static readonly Lazy<OrtEnv> Env = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The environment; the first call loads the native library.</summary>
    /// <exception cref="OnnxRuntimeNotFoundException">The native library is missing or cannot be loaded.</exception>
    public static OrtEnv Instance => Env.Value;

    /// <summary>The native library's version, e.g. <c>1.32.0</c>.</summary>
    public static string Version => Instance.GetVersionString();

    /// <summary>Execution providers compiled into the loaded build (the CPU package has only the CPU provider).</summary>
    public static IReadOnlyList<string> AvailableProviders => Instance.GetAvailableProviders();

    private static OrtEnv Create()
    {
        try
        {
            var options = new EnvironmentCreationOptions
            {
                logId = "StreamLip",
                logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
            };
            return OrtEnv.CreateInstanceWithOptions(ref options);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException)
        {
            throw new OnnxRuntimeNotFoundException(e);
        }
    }
}
