using System.Text.RegularExpressions;

namespace StreamLip.LoadHarness.Measurement;

/// <summary>A process's CPU use between two samples.</summary>
/// <param name="Cores">Cores busy on average (CPU seconds / wall seconds); 1.0 = one core.</param>
/// <param name="Percent">Share of the whole machine: CPU seconds / wall seconds / cores × 100.</param>
/// <param name="ByThread">Cores busy per thread group (thread names with their numbers folded, e.g. <c>nicesrc#:src</c>), busiest first.</param>
internal sealed partial record CpuUsage(double Cores, double Percent, IReadOnlyList<(string Group, double Cores)> ByThread)
{
    /// <summary>The use between <paramref name="start"/> and <paramref name="end"/> (threads born in between count from 0; threads that died are missed).</summary>
    public static CpuUsage Between(CpuSample start, CpuSample end, TimeProvider time)
    {
        double wall = time.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        double cores = (end.ProcessSeconds - start.ProcessSeconds) / wall;
        var groups = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (tid, (name, seconds)) in end.Threads)
        {
            double before = start.Threads.TryGetValue(tid, out var s) && s.Name == name ? s.Seconds : 0;
            string group = Digits().Replace(name, "#");
            groups[group] = groups.GetValueOrDefault(group) + ((seconds - before) / wall);
        }

        var byThread = groups.Where(g => g.Value > 0).OrderByDescending(g => g.Value).Select(g => (g.Key, g.Value)).ToList();
        return new CpuUsage(cores, cores / Environment.ProcessorCount * 100, byThread);
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
