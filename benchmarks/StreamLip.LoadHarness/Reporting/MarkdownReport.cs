using System.Globalization;
using System.Text;
using StreamLip.LoadHarness.Measurement;
using StreamLip.LoadHarness.Rounds;

namespace StreamLip.LoadHarness.Reporting;

/// <summary>The rounds as markdown: the summary table RESULTS.md takes, then per round where the CPU went.</summary>
internal static class MarkdownReport
{
    /// <summary>Thread groups listed per process and round.</summary>
    private const int TopThreads = 8;

    public static string Write(IReadOnlyList<RoundResult> rounds, bool inProcess, string server, string command, string speech)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"Machine: {Environment.ProcessorCount} cores, {ProcFs.CpuModel()}, {ProcFs.MemoryGiB():F0} GiB. Server: {server}.");
        sb.AppendLine(ci, $"Command: `{command}`");
        sb.AppendLine(ci, $"Clients: {speech}");
        sb.AppendLine();
        string cpu = inProcess ? "CPU, server + clients in one process (% of all cores)" : "CPU server / clients (% of all cores)";
        string rss = inProcess ? "RSS (MiB)" : "RSS server / clients (MiB)";
        sb.AppendLine(ci, $"| N | connected | video frames per client in window: min / mean (expected) | frames on time (server) | late / missed | delay p50 / p95 (ms) | {cpu} | {rss} | batches: runs, mean size, sizes seen | inference per run p50 / p95 (ms), per frame |");
        sb.AppendLine("|---:|---:|---|---:|---:|---|---|---|---|---|");
        foreach (RoundResult r in rounds)
        {
            sb.AppendLine(ci, $"| {r.Sessions} | {r.Connected}/{r.Sessions} | {r.FramesMin} / {r.FramesMean:F0} ({r.FramesExpected:F0}) | {Percent(r.Server.OnTimeShare)} | {r.Server.Late} / {r.Server.Missed} | {Ms(r.DelayP50Ms)} / {Ms(r.DelayP95Ms)} | {CpuCell(r, inProcess)} | {RssCell(r, inProcess)} | {r.Batches.Runs}, {r.Batches.MeanBatch:F1}, {Sizes(r.Batches.Sizes)} | {Ms(r.Batches.InferenceP50Ms)} / {Ms(r.Batches.InferenceP95Ms)}, {Ms(r.Batches.MsPerFrame, "F1")} |");
        }

        sb.AppendLine();
        foreach (RoundResult r in rounds)
        {
            sb.AppendLine(ci, $"N = {r.Sessions}: connected in {r.ConnectSeconds:F1} s; window {r.WindowSeconds:F1} s; load average {r.LoadAverage}; " +
                $"server frames due {r.Server.Due}, generated {r.Server.Generated}, silent {r.Server.Silent}, idle {r.Server.Idle}, jobs dropped {r.Server.JobsDropped}, mic chunks dropped (server) {r.Server.AudioChunksDropped}, (feeder) {r.MicrophoneChunksDropped}; " +
                $"processing p95 {Ms(r.ProcessingP95Ms)} ms; multi-session runs {r.Batches.MultiSessionRuns}; generator failures {r.Batches.Failures}; " +
                $"inference busy ≈ {InferenceBusy(r):F2} of one thread (runs/s × median run); voice received per client {r.VoiceSecondsMean:F1} s; " +
                $"cores per session: {PerSession(r)}.");
            if (r.ServerCpu is { } s)
            {
                sb.AppendLine(ci, $"  - server threads (cores): {Threads(s)}");
            }

            sb.AppendLine(ci, $"  - {(inProcess ? "process" : "client")} threads (cores): {Threads(r.HarnessCpu)}");
            if (r.Capacity is { } c)
            {
                sb.AppendLine(ci, $"  - capacity at the end: headroom {c.HeadroomSessions} sessions ({c.HeadroomCores:F2} cores), {c.SessionCores:F3} cores per session, process {c.ProcessCores:F2}, others {Ms(c.OtherCores, "F2")}, degraded {c.DegradedSessions}, overloaded {(c.Overloaded ? c.OverloadReason : "no")}");
            }

            foreach (string e in r.ClientErrors.Take(5))
            {
                sb.AppendLine(ci, $"  - error: {e}");
            }
        }

        return sb.ToString();
    }

    // Seconds of inference per second of wall time, from the batcher's run count and median run time (an estimate).
    private static double InferenceBusy(RoundResult r) => r.Batches.Runs * (r.Batches.InferenceP50Ms ?? 0) / 1000 / r.WindowSeconds;

    private static string PerSession(RoundResult r) => r.ServerCpu is { } s
        ? string.Create(CultureInfo.InvariantCulture, $"server {s.Cores / r.Sessions:F3}, client {r.HarnessCpu.Cores / r.Sessions:F3}")
        : string.Create(CultureInfo.InvariantCulture, $"server + client {r.HarnessCpu.Cores / r.Sessions:F3}");

    private static string CpuCell(RoundResult r, bool inProcess) => inProcess || r.ServerCpu is null
        ? string.Create(CultureInfo.InvariantCulture, $"{r.HarnessCpu.Percent:F0} %")
        : string.Create(CultureInfo.InvariantCulture, $"{r.ServerCpu.Percent:F0} % / {r.HarnessCpu.Percent:F0} %");

    private static string RssCell(RoundResult r, bool inProcess) => inProcess
        ? string.Create(CultureInfo.InvariantCulture, $"{r.HarnessRssMiB:F0}")
        : string.Create(CultureInfo.InvariantCulture, $"{r.ServerRssMiB:F0} / {r.HarnessRssMiB:F0}");

    private static string Threads(CpuUsage usage) => string.Join(
        ", ", usage.ByThread.Take(TopThreads).Select(t => string.Create(CultureInfo.InvariantCulture, $"`{t.Group}` {t.Cores:F2}")));

    // "5×120 10×30": batch size × runs, sizes that occurred.
    private static string Sizes(IReadOnlyList<long> sizes) =>
        string.Join(' ', sizes.Select((n, size) => (n, size)).Where(x => x.n > 0).Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.size}×{x.n}"))) is { Length: > 0 } s ? s : "none";

    private static string Percent(double? share) => share is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v * 100:F1} %") : "–";

    private static string Ms(double? ms, string format = "F0") => ms is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
}
