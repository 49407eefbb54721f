using System.Globalization;

namespace StreamLip.LoadHarness.Server;

/// <summary>
/// Finds the process listening on a loopback TCP port (Linux /proc: the socket's inode in /proc/net/tcp{,6}, then the
/// process whose fd links to <c>socket:[inode]</c>), so a server started elsewhere can be measured without its pid.
/// </summary>
internal static class ServerProcessLocator
{
    private const string Listen = "0A";

    /// <summary>The pid listening on <paramref name="port"/>, or null when none (or /proc cannot tell).</summary>
    public static int? FindListener(int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (string table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
            foreach (string line in File.ReadLines(table).Skip(1))
            {
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[3] == Listen && int.Parse(f[1][(f[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    inodes.Add("socket:[" + f[9] + "]");
                }
            }
        }

        if (inodes.Count == 0)
        {
            return null;
        }

        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                foreach (string fd in Directory.EnumerateFileSystemEntries(Path.Combine(dir, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target))
                    {
                        return pid;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or is not ours to read.
            }
        }

        return null;
    }
}
