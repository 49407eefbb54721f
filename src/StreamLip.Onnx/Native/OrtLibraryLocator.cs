namespace StreamLip.Onnx.Native;

/// <summary>
/// Finds <c>libonnxruntime.so.1</c>, in this order: the configured path; the file named by
/// <c>STREAMLIP_ORT_LIBRARY</c>; the file next to the application; the npm install that <c>./streamlip setup</c>
/// makes (<c>src/StreamLip.Onnx/runtime/node_modules/...</c>) in the application's directory or any directory above.
/// A path that is configured explicitly (option or variable) must exist: it is never silently passed over.
/// </summary>
internal static class OrtLibraryLocator
{
    /// <summary>The environment variable that names the library file.</summary>
    public const string EnvironmentVariable = "STREAMLIP_ORT_LIBRARY";

    /// <summary>The file name of the ONNX Runtime library on Linux.</summary>
    public const string LibraryFileName = "libonnxruntime.so.1";

    /// <summary>The library's path inside a checkout after <c>./streamlip setup</c> (npm onnxruntime-node).</summary>
    public static readonly string NpmRelativePath = Path.Combine(
        "src", "StreamLip.Onnx", "runtime", "node_modules", "onnxruntime-node", "bin", "napi-v6", "linux", "x64", LibraryFileName);

    /// <summary>Resolves with this process's environment variable and application directory.</summary>
    public static string Resolve(string? configuredPath) =>
        Resolve(configuredPath, Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory);

    /// <summary>Resolves from explicit inputs (what tests use).</summary>
    /// <exception cref="OnnxRuntimeNotFoundException">Nothing was found; the message lists every path tried.</exception>
    public static string Resolve(string? configuredPath, string? environmentValue, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            string configured = Path.GetFullPath(configuredPath);
            return File.Exists(configured)
                ? configured
                : throw OnnxRuntimeNotFoundException.Create("the configured LibraryPath does not exist", [configured]);
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            string fromEnvironment = Path.GetFullPath(environmentValue);
            return File.Exists(fromEnvironment)
                ? fromEnvironment
                : throw OnnxRuntimeNotFoundException.Create($"{EnvironmentVariable} names a file that does not exist", [fromEnvironment]);
        }

        var searched = new List<string>();
        string nextToApp = Path.GetFullPath(Path.Combine(baseDirectory, LibraryFileName));
        searched.Add(nextToApp);
        if (File.Exists(nextToApp))
        {
            return nextToApp;
        }

        for (var dir = new DirectoryInfo(Path.GetFullPath(baseDirectory)); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, NpmRelativePath);
            searched.Add(candidate);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw OnnxRuntimeNotFoundException.Create($"it is not next to the application and {EnvironmentVariable} is not set", searched);
    }
}
