using System.Globalization;

namespace StreamLip.LoadHarness.Soak;

/// <summary>Memory, handles and threads of a process, from Linux's /proc (no allocation beyond the reads).</summary>
internal static class ProcessProbe
{
    /// <summary>VmRSS, private (RssAnon + VmSwap) in MiB and the thread count of <paramref name="pid"/>; zeros when it is gone.</summary>
    public static (double WorkingSetMiB, double PrivateMiB, int Threads) Status(int pid)
    {
        double rss = 0, anon = 0, swap = 0;
        int threads = 0;
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kib(line) / 1024;
                }
                else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                {
                    anon = Kib(line) / 1024;
                }
                else if (line.StartsWith("VmSwap:", StringComparison.Ordinal))
                {
                    swap = Kib(line) / 1024;
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = (int)Kib(line);
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }

        return (rss, anon + swap, threads);
    }

    /// <summary>Open file descriptors of <paramref name="pid"/> (entries of /proc/pid/fd); 0 when it is gone.</summary>
    public static int Handles(int pid)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The managed heap in use after the last collection (heap size less fragmentation), MiB, this process
    /// only. Not forced: a full blocking collection would stop the pacers' thread and show as send lag.</summary>
    public static double HeapAfterLastGcMiB()
    {
        GCMemoryInfo info = GC.GetGCMemoryInfo();
        return (info.HeapSizeBytes - info.FragmentedBytes) / (1024.0 * 1024);
    }

    private static double Kib(string line) =>
        double.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
