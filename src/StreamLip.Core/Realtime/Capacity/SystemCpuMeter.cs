using System.Globalization;

namespace StreamLip.Realtime.Capacity;

/// <summary>
/// This process's CPU time from <see cref="Environment.CpuUsage"/>; the machine's from the first line of
/// <c>/proc/stat</c> (user + nice + system + irq + softirq + steal, in USER_HZ = 100 ticks a second), null elsewhere.
/// </summary>
public sealed class SystemCpuMeter : ICpuMeter
{
    private const string ProcStat = "/proc/stat";
    private const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture .NET runs on

    /// <inheritdoc/>
    public CpuReading Read() => new(Environment.CpuUsage.TotalTime, ReadMachine());

    /// <summary>Busy time from a <c>/proc/stat</c> "cpu" line; null when it is not one.</summary>
    internal static TimeSpan? ParseCpuLine(string? line)
    {
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
        {
            return null;
        }

        string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 8)
        {
            return null;
        }

        // cpu user nice system idle iowait irq softirq [steal ...]: idle and iowait are not busy.
        long busy = 0;
        foreach (int i in (int[])[1, 2, 3, 6, 7, 8])
        {
            if (i < f.Length && long.TryParse(f[i], NumberStyles.None, CultureInfo.InvariantCulture, out long ticks))
            {
                busy += ticks;
            }
        }

        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }

    private static TimeSpan? ReadMachine()
    {
        try
        {
            using var reader = new StreamReader(ProcStat);
            return ParseCpuLine(reader.ReadLine());
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
