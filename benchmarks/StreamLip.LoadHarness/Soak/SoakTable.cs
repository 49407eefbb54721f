using System.Globalization;
using System.Text;

namespace StreamLip.LoadHarness.Soak;

/// <summary>Soak samples as a markdown table (per interval: memory, handles, threads, frames, lateness).</summary>
internal static class SoakTable
{
    public static string Write(IReadOnlyList<SoakSample> samples)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("| t (min) | sessions | working set (MiB) | managed heap after last GC (MiB) | private (MiB) | handles | threads | frames sent in interval | generated | late | missed | send lag max (ms) |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        SoakSample? previous = null;
        foreach (SoakSample s in samples)
        {
            long sent = s.FramesSent - (previous?.FramesSent ?? 0);
            long generated = s.FramesGenerated - (previous?.FramesGenerated ?? 0);
            long late = s.FramesLate - (previous?.FramesLate ?? 0);
            long missed = s.FramesMissed - (previous?.FramesMissed ?? 0);
            string heap = double.IsNaN(s.GcHeapMiB) ? "–" : s.GcHeapMiB.ToString("F1", ci);
            sb.AppendLine(ci, $"| {s.At.TotalMinutes:F2} | {s.Sessions} | {s.WorkingSetMiB:F1} | {heap} | {s.PrivateMiB:F1} | {s.Handles} | {s.Threads} | {sent} | {generated} | {late} | {missed} | {s.SendLagMaxMs:F1} |");
            previous = s;
        }

        return sb.ToString();
    }
}
