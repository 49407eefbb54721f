using StreamLip.Realtime;

namespace StreamLip.LoadHarness.Soak;

/// <summary>Takes <see cref="SoakSample"/>s of one server process and the sessions it reports.</summary>
/// <param name="pid">The server's process.</param>
/// <param name="sessions">Reads the server's sessions (e.g. <c>GET /api/stats</c>).</param>
/// <param name="sessionFilter">Which sessions count (the soak's own); all when null.</param>
internal sealed class SoakSampler(int pid, Func<CancellationToken, Task<IReadOnlyList<SessionStats>>> sessions, Func<SessionStats, bool>? sessionFilter = null)
{
    private readonly long _start = TimeProvider.System.GetTimestamp();

    public async Task<SoakSample> SampleAsync(CancellationToken cancellationToken)
    {
        var list = (await sessions(cancellationToken).ConfigureAwait(false)).Where(s => sessionFilter?.Invoke(s) ?? true).ToList();
        var (rss, privateMiB, threads) = ProcessProbe.Status(pid);
        return new SoakSample
        {
            At = TimeProvider.System.GetElapsedTime(_start),
            WorkingSetMiB = rss,
            GcHeapMiB = pid == Environment.ProcessId ? ProcessProbe.HeapAfterLastGcMiB() : double.NaN,
            PrivateMiB = privateMiB,
            Handles = ProcessProbe.Handles(pid),
            Threads = threads,
            Sessions = list.Count,
            FramesSent = list.Sum(s => s.FramesSent),
            FramesMissed = list.Sum(s => s.FramesMissed),
            FramesLate = list.Sum(s => s.FramesLate),
            FramesGenerated = list.Sum(s => s.FramesGenerated),
            SendLagMaxMs = list.Select(s => s.SendLagMaxMs ?? 0).DefaultIfEmpty().Max(),
        };
    }
}
