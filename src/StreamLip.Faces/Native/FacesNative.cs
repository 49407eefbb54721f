using System.Reflection;
using System.Runtime.InteropServices;

namespace StreamLip.Faces.Native;

/// <summary>
/// The C ABI of <c>libstreamlip_faces.so</c> (src/StreamLip.Faces/Native/streamlip_faces.cpp). The library is found by
/// <see cref="FacesLibraryLocator"/> and loaded once per process by <see cref="Load"/>, which must run before any call.
/// </summary>
internal static partial class FacesNative
{
    /// <summary>The ABI this binding speaks; the library reports its own from <c>sl_faces_abi_version</c>.</summary>
    public const int AbiVersion = 1;

    /// <summary>The name the imports use; the resolver maps it to the located file.</summary>
    private const string Library = "streamlip_faces";

    private static readonly Lock Gate = new();
    private static string? _loadedPath;
    private static nint _library;

    /// <summary>Full path of the loaded library, once loaded.</summary>
    public static string? LoadedPath => _loadedPath;

    /// <summary>Loads the library (once per process) and checks its ABI version.</summary>
    /// <exception cref="FaceDetectorUnavailableException">Missing, not loadable, or another ABI version.</exception>
    public static void Load(string? configuredPath)
    {
        string path = FacesLibraryLocator.Resolve(configuredPath);
        lock (Gate)
        {
            if (_loadedPath is not null)
            {
                if (!string.Equals(_loadedPath, path, StringComparison.Ordinal))
                {
                    throw new FaceDetectorUnavailableException(
                        $"The face detector library is already loaded from '{_loadedPath}' in this process and cannot also be loaded from '{path}'.");
                }

                return;
            }

            nint library;
            try
            {
                library = NativeLibrary.Load(path);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                throw new FaceDetectorUnavailableException(
                    $"The face detector library {path} exists but could not be loaded ({e.Message}). Is Debian's libdlib19.1 installed? `./streamlip setup` installs it and rebuilds the library.", e);
            }

            if (!NativeLibrary.TryGetExport(library, "sl_faces_abi_version", out nint versionExport))
            {
                NativeLibrary.Free(library);
                throw new FaceDetectorUnavailableException($"{path} is not StreamLip's face detector library (it exports no sl_faces_abi_version).");
            }

            int version;
            unsafe
            {
                version = ((delegate* unmanaged<int>)versionExport)();
            }

            if (version != AbiVersion)
            {
                NativeLibrary.Free(library);
                throw new FaceDetectorUnavailableException(
                    $"{path} speaks ABI version {version}; this StreamLip needs {AbiVersion}. Run `./streamlip setup` to rebuild it.");
            }

            _library = library;
            _loadedPath = path;
            NativeLibrary.SetDllImportResolver(typeof(FacesNative).Assembly, Resolve);
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        string.Equals(name, Library, StringComparison.Ordinal) ? _library : nint.Zero;

    [LibraryImport(Library)]
    public static partial HogDetectorHandle sl_hog_create(Span<byte> error, int errorCapacity);

    [LibraryImport(Library)]
    public static partial void sl_hog_destroy(nint detector);

    [LibraryImport(Library)]
    public static partial nint sl_hog_last_error(HogDetectorHandle detector);

    [LibraryImport(Library)]
    public static unsafe partial int sl_hog_detect(
        HogDetectorHandle detector, byte* pixels, int width, int height, int stride, int format, int upsample,
        double adjustThreshold, NativeFace* faces, int capacity, out int found);
}
