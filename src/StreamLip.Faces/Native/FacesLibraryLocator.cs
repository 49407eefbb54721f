namespace StreamLip.Faces.Native;

/// <summary>
/// Finds <c>libstreamlip_faces.so</c>, in this order: the configured path; the file named by
/// <c>STREAMLIP_FACES_LIBRARY</c>; the file next to the application; the file <c>./streamlip setup</c> builds
/// (<c>src/StreamLip.Faces/Native/bin/</c>) in the application's directory or any directory above. A path configured
/// explicitly (option or variable) must exist: it is never silently passed over.
/// </summary>
internal static class FacesLibraryLocator
{
    /// <summary>The environment variable that names the library file.</summary>
    public const string EnvironmentVariable = "STREAMLIP_FACES_LIBRARY";

    /// <summary>The library's file name.</summary>
    public const string LibraryFileName = "libstreamlip_faces.so";

    /// <summary>Where setup builds it, relative to the checkout.</summary>
    public static readonly string BuiltRelativePath = Path.Combine("src", "StreamLip.Faces", "Native", "bin", LibraryFileName);

    /// <summary>Resolves with this process's environment variable and application directory.</summary>
    public static string Resolve(string? configuredPath) =>
        Resolve(configuredPath, Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory);

    /// <summary>Resolves from explicit inputs (what tests use).</summary>
    /// <exception cref="FaceDetectorUnavailableException">Nothing was found; the message lists every path tried.</exception>
    public static string Resolve(string? configuredPath, string? environmentValue, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            string configured = Path.GetFullPath(configuredPath);
            return File.Exists(configured) ? configured : throw NotFound("the configured LibraryPath does not exist", [configured]);
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            string fromEnvironment = Path.GetFullPath(environmentValue);
            return File.Exists(fromEnvironment)
                ? fromEnvironment
                : throw NotFound($"{EnvironmentVariable} names a file that does not exist", [fromEnvironment]);
        }

        var searched = new List<string> { Path.GetFullPath(Path.Combine(baseDirectory, LibraryFileName)) };
        if (File.Exists(searched[0]))
        {
            return searched[0];
        }

        for (var dir = new DirectoryInfo(Path.GetFullPath(baseDirectory)); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, BuiltRelativePath);
            searched.Add(candidate);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw NotFound($"it is not next to the application and {EnvironmentVariable} is not set", searched);
    }

    /// <summary>The error for a library that cannot be had, with what was tried and how to get it.</summary>
    public static FaceDetectorUnavailableException NotFound(string why, IReadOnlyList<string> searched) => new(
        $"The face detector library {LibraryFileName} is unavailable: {why}. Searched: {string.Join(", ", searched)}. " +
        "`./streamlip setup` builds it (g++ over Debian's libdlib-dev).");
}
