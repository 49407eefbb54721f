using System.Diagnostics;

namespace StreamLip.LoadHarness.Measurement;

/// <summary>A process's CPU time at one instant: in total (<see cref="Process.TotalProcessorTime"/>) and per live thread.</summary>
/// <param name="Timestamp">When, in <see cref="TimeProvider"/> timestamp units.</param>
/// <param name="ProcessSeconds">CPU seconds the process used since it started (user + system, all threads).</param>
/// <param name="Threads">CPU seconds of each live thread, with its name (15 characters at most, as Linux keeps it).</param>
internal sealed record CpuSample(long Timestamp, double ProcessSeconds, IReadOnlyDictionary<int, (string Name, double Seconds)> Threads)
{
    /// <summary>Samples process <paramref name="pid"/>.</summary>
    public static CpuSample Take(int pid, TimeProvider time)
    {
        var threads = ProcFs.ThreadCpu(pid);
        using var process = Process.GetProcessById(pid);
        return new CpuSample(time.GetTimestamp(), process.TotalProcessorTime.TotalSeconds, threads);
    }
}
