using System.Runtime.InteropServices;

namespace StreamLip.Media.Native;

/// <summary>
/// libc's setenv: native libraries (OpenCV) read the process environment with getenv, which
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not change on Unix.
/// </summary>
internal static partial class LibC
{
    [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int setenv(string name, string value, int overwrite);
}
