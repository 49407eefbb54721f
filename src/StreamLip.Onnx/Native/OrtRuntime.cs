using System.Runtime.InteropServices;

namespace StreamLip.Onnx.Native;

/// <summary>
/// The ONNX Runtime library loaded into this process, its API table and its one <c>OrtEnv</c>.
/// Loaded once, on first use, and kept for the life of the process: neither the library nor the environment is
/// ever unloaded (sessions of any model may still use them, and ORT does not support unloading under live sessions).
/// </summary>
internal sealed unsafe class OrtRuntime
{
    /// <summary>The ONNX Runtime version StreamLip pins (npm onnxruntime-node, and the GPU build to pair with it).</summary>
    public const string PinnedVersion = "1.30.0";

    private static readonly Lock LoadGate = new();
    private static OrtRuntime? s_current;

    private readonly Lock _envGate = new();
    private OrtEnvHandle? _env;

    private OrtRuntime(string libraryPath, OrtApi api)
    {
        LibraryPath = libraryPath;
        Api = api;
    }

    /// <summary>Full path of the loaded library.</summary>
    public string LibraryPath { get; }

    /// <summary>The API table.</summary>
    public OrtApi Api { get; }

    /// <summary>The process's environment, created on first use; it logs warnings and errors to stderr.</summary>
    public OrtEnvHandle Env
    {
        get
        {
            lock (_envGate)
            {
                return _env ??= Api.CreateEnv(OrtLoggingLevel.Warning, "StreamLip");
            }
        }
    }

    /// <summary>
    /// Loads the library (see <see cref="OrtLibraryLocator"/> for where it is looked for) or returns the one already
    /// loaded. One library per process: asking for a different file afterwards is an error.
    /// </summary>
    /// <exception cref="OnnxRuntimeNotFoundException">The library is missing, cannot be loaded, or is too old.</exception>
    public static OrtRuntime Load(string? configuredPath)
    {
        string path = OrtLibraryLocator.Resolve(configuredPath);
        lock (LoadGate)
        {
            if (s_current is not null)
            {
                return string.Equals(s_current.LibraryPath, path, StringComparison.Ordinal)
                    ? s_current
                    : throw new InvalidOperationException(
                        $"ONNX Runtime is already loaded from '{s_current.LibraryPath}' in this process and cannot also be " +
                        $"loaded from '{path}'. Use one library per process.");
            }

            s_current = LoadFrom(path);
            return s_current;
        }
    }

    /// <summary>Loads <paramref name="path"/> without the one-per-process check (tests use it on files that are not ORT).</summary>
    internal static OrtRuntime LoadFrom(string path)
    {
        nint library;
        try
        {
            library = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            throw OnnxRuntimeNotFoundException.Create($"the file exists but could not be loaded ({e.Message})", [path], e);
        }

        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out nint getApiBase))
        {
            throw OnnxRuntimeNotFoundException.Create("the file is not ONNX Runtime (it exports no OrtGetApiBase)", [path]);
        }

        // OrtApiBase is { GetApi(uint version), GetVersionString() }.
        var apiBase = (nint*)((delegate* unmanaged<nint>)getApiBase)();
        var getApi = (delegate* unmanaged<uint, nint>)apiBase[0];
        var getVersion = (delegate* unmanaged<byte*>)apiBase[1];
        string version = Marshal.PtrToStringUTF8((nint)getVersion()) ?? "unknown";
        nint table = getApi(OrtApi.ApiVersion);
        if (table == nint.Zero)
        {
            throw OnnxRuntimeNotFoundException.Create(
                $"its version {version} does not provide C API version {OrtApi.ApiVersion}; ONNX Runtime 1.{OrtApi.ApiVersion} or newer is needed",
                [path]);
        }

        return new OrtRuntime(path, new OrtApi(table, version));
    }
}
