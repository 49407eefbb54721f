using System.Runtime.InteropServices;
using StreamLip.Media.Native;

namespace StreamLip.Media;

/// <summary>
/// Process-wide GStreamer start-up (<c>gst_init_check</c>, once) and checks that the elements a feature needs
/// are installed. Every entry point of this library calls <see cref="EnsureInitialized"/> itself.
/// </summary>
public static class GStreamerRuntime
{
    private static readonly Lock Gate = new();
    private static volatile bool _initialized;
    private static string _version = "";

    /// <summary>GStreamer's version string, e.g. <c>GStreamer 1.22.0</c>; initialises GStreamer.</summary>
    public static string Version
    {
        get
        {
            EnsureInitialized();
            return _version;
        }
    }

    /// <summary>
    /// Loads the GStreamer libraries and initialises GStreamer once per process; cheap after the first call
    /// and safe from any thread.
    /// </summary>
    /// <exception cref="GStreamerUnavailableException">A library is missing or <c>gst_init_check</c> failed.</exception>
    public static void EnsureInitialized()
    {
        if (_initialized)
        {
            return;
        }

        lock (Gate)
        {
            if (_initialized)
            {
                return;
            }

            // GstLayout's field offsets are those of 64-bit (LP64) builds.
            if (IntPtr.Size != 8)
            {
                throw new PlatformNotSupportedException("StreamLip's GStreamer binding needs a 64-bit process.");
            }

            CheckLibraries(NativeLibraries.All);
            if (Gst.gst_init_check(0, 0, out nint error) == 0)
            {
                string reason = error == 0 ? "no reason given" : GError.Take(error).Message;
                throw new GStreamerUnavailableException(
                    $"GStreamer failed to initialise: {reason}. Reinstall it with `./streamlip setup`.", "libgstreamer1.0-0");
            }

            _version = GLib.TakeString(Gst.gst_version_string()) ?? "GStreamer";
            _initialized = true;
        }
    }

    /// <summary>Whether an element factory named <paramref name="element"/> is installed.</summary>
    public static bool HasElement(string element)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(element);
        EnsureInitialized();
        using GstObjectHandle factory = Gst.gst_element_factory_find(element);
        return !factory.IsInvalid;
    }

    /// <summary>The Debian package that ships <paramref name="element"/>, when known.</summary>
    public static string? DebianPackageFor(string element) => ElementPackages.For(element);

    /// <summary>Throws unless every element in <paramref name="elements"/> is installed.</summary>
    /// <exception cref="GStreamerElementMissingException">Names the first missing element and its Debian package.</exception>
    public static void RequireElements(params string[] elements)
    {
        ArgumentNullException.ThrowIfNull(elements);
        RequireElements(elements, HasElement);
    }

    /// <summary>The check behind <see cref="RequireElements(string[])"/> with the lookup injected (tests).</summary>
    internal static void RequireElements(IEnumerable<string> elements, Func<string, bool> isInstalled)
    {
        foreach (string element in elements)
        {
            if (!isInstalled(element))
            {
                throw new GStreamerElementMissingException(element, ElementPackages.For(element));
            }
        }
    }

    /// <summary>Loads each library by soname; the first that fails becomes an exception naming its package.</summary>
    internal static void CheckLibraries(IEnumerable<(string Library, string Package)> libraries)
    {
        foreach ((string library, string package) in libraries)
        {
            if (!NativeLibrary.TryLoad(library, out _))
            {
                throw new GStreamerUnavailableException(
                    $"GStreamer is not installed: the library {library} could not be loaded. Install the Debian " +
                    $"package {package} and GStreamer's plugins (libgstreamer1.0-0 gstreamer1.0-plugins-base " +
                    "gstreamer1.0-plugins-good ...); `./streamlip setup` installs them all.",
                    package);
            }
        }
    }
}
