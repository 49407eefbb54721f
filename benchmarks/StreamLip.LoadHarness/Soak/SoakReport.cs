using System.Globalization;
using System.Text;
using StreamLip.LoadHarness.Measurement;
using StreamLip.LoadHarness.Server;
using StreamLip.LoadHarness.Speech;

namespace StreamLip.LoadHarness.Soak;

/// <summary>The <c>--soak</c> mode: runs the soak, prints and writes its markdown (table + verdict); exit 0 when it passed, 1 when not.</summary>
internal static class SoakReport
{
    /// <summary>Samples before this are warm-up (caches, pools, JIT, the first GCs).</summary>
    private static readonly TimeSpan MinWarmup = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(HarnessOptions options, IServerTarget server, SignallingClient api, SpeechLoop speech, TimeProvider time, TextWriter log, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromMinutes(options.SoakMinutes!.Value);
        var interval = TimeSpan.FromSeconds(options.SampleSeconds);
        var warmup = duration < TimeSpan.FromMinutes(10) ? duration / 4 : MinWarmup;
        int sessions = options.Sessions[0];
        var microphone = new AlternatingSpeech(speech, TimeSpan.FromSeconds(options.SpeechSeconds));
        var runner = new SoakRunner(server, api, microphone, options.Codec, time, log);
        var (samples, errors) = await runner.RunAsync(sessions, duration, interval, cancellationToken).ConfigureAwait(false);
        var failures = SoakTrend.Failures(samples, warmup, memoryAllowanceMiB: 16, handleAllowance: 4, threadAllowance: 4).Concat(errors).ToList();

        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"Machine: {Environment.ProcessorCount} cores, {ProcFs.CpuModel()}, {ProcFs.MemoryGiB():F0} GiB; load average at the end {ProcFs.LoadAverage()}. Server: {server.Description}.");
        sb.AppendLine(ci, $"Command: `dotnet run -c Release --project benchmarks/StreamLip.LoadHarness -- {options.CommandLine}`");
        sb.AppendLine(ci, $"{sessions} WebRTC session(s) for {duration.TotalMinutes:F1} min, speech (espeak-ng loop) {options.SpeechSeconds} s on / {options.SpeechSeconds} s off, all in phase; a sample every {interval.TotalSeconds:F0} s; warm-up {warmup.TotalMinutes:F1} min.{(server.InProcess ? " The server runs in the harness's process: memory, handles and threads include the clients' webrtcbins." : "")}");
        sb.AppendLine();
        sb.Append(SoakTable.Write(samples));
        sb.AppendLine();
        sb.AppendLine(ci, $"Rise of the fitted line after warm-up: managed heap {SoakTrend.Rise(samples, warmup, s => s.GcHeapMiB):F1} MiB, private {SoakTrend.Rise(samples, warmup, s => s.PrivateMiB):F1} MiB, working set {SoakTrend.Rise(samples, warmup, s => s.WorkingSetMiB):F1} MiB, handles {SoakTrend.Rise(samples, warmup, s => s.Handles):F1}, threads {SoakTrend.Rise(samples, warmup, s => s.Threads):F1}.");
        sb.AppendLine(failures.Count == 0
            ? "Verdict: **pass** — memory, handles and threads flat after warm-up; no deadline missed, no frame pushed more than one frame time (40 ms) late."
            : "Verdict: **fail** — " + string.Join("; ", failures) + ".");
        string report = sb.ToString();
        Console.WriteLine(report);
        if (options.OutFile is { } file)
        {
            await File.WriteAllTextAsync(file, report, cancellationToken).ConfigureAwait(false);
        }

        return failures.Count == 0 ? 0 : 1;
    }
}
