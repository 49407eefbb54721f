using System.Globalization;
using System.Runtime.InteropServices;

namespace StreamLip.LoadHarness.Measurement;

/// <summary>What Linux's /proc says about a process, its threads and the machine.</summary>
internal static partial class ProcFs
{
    private const int ScClkTck = 2;

    /// <summary>Clock ticks per second of the utime/stime fields (USER_HZ, usually 100).</summary>
    public static readonly long TicksPerSecond = Math.Max(1, sysconf(ScClkTck));

    /// <summary>CPU seconds (user + system) of every live thread of <paramref name="pid"/>, keyed by thread id, with its name.</summary>
    public static Dictionary<int, (string Name, double Seconds)> ThreadCpu(int pid)
    {
        var result = new Dictionary<int, (string, double)>();
        string tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks))
        {
            return result;
        }

        foreach (string dir in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (ParseStat(stat) is { } parsed)
                {
                    result[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = parsed;
                }
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        return result;
    }

    /// <summary>Resident set size and its peak, MiB (VmRSS, VmHWM of /proc/pid/status); zeros when unreadable.</summary>
    public static (double RssMiB, double PeakMiB) Memory(int pid)
    {
        double rss = 0, peak = 0;
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kib(line) / 1024;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kib(line) / 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }

        return (rss, peak);
    }

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage()
    {
        string[] f = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"{f[0]} {f[1]} {f[2]}";
    }

    /// <summary>The CPU model name (<c>lscpu</c>'s "Model name", from /proc/cpuinfo).</summary>
    public static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
            : "unknown";

    /// <summary>Total memory, GiB.</summary>
    public static double MemoryGiB() =>
        File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
            ? Kib(line) / (1024 * 1024)
            : 0;

    // "(comm) state ppid ... utime stime ...": comm may hold spaces and parentheses, so split after the last ')'.
    private static (string Name, double Seconds)? ParseStat(string stat)
    {
        int open = stat.IndexOf('(', StringComparison.Ordinal);
        int close = stat.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        string[] f = stat[(close + 2)..].Split(' ');

        // f[0] is field 3 (state); utime and stime are fields 14 and 15.
        long ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        return (stat[(open + 1)..close], ticks / (double)TicksPerSecond);
    }

    private static double Kib(string line) =>
        double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    [LibraryImport("libc", SetLastError = false)]
    private static partial long sysconf(int name);
}
