using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using StreamLip.LoadHarness.Soak;
using StreamLip.Realtime;
using StreamLip.Server.Observability;
using StreamLip.Server.Transport;

namespace StreamLip.Server.Tests.Soak;

/// <summary>
/// Issue #6 item 5, the short version of <c>LoadHarness --soak</c> (same sampler, same verdict): two sessions for 30 s
/// on the real clock with the real model, speech 5 s on / 5 s off, a sample every 5 s. After a 10 s warm-up, memory,
/// handles and threads must not trend up, no deadline may be missed and no frame pushed more than two frame times late (one, in the long soak).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class SoakSmokeTests(AvatarFixture avatars) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(10);
    private readonly ServerFactory _factory = new(avatars);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Two_sessions_for_30_seconds_stay_flat_and_on_time()
    {
        // The heap is the whole test process's: collect what earlier tests of the assembly left (their servers' models
        // and batchers hold ≈ 40 MiB of pinned buffers each until a full GC), else a late full GC or the growth of a
        // heap swollen with their garbage reads as this test's trend (a 230 → 322 MiB "rise" was seen that way).
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        // And hand back what they freed (the collector's committed regions, the native arenas) as the server's trimmer
        // does: else the server's first NativeMemoryTrimSeconds tick, 30 s in, has it to do, and handing back ≈ 770 MiB
        // of earlier tests' memory there held the pacers up for 107 ms: a pause of this process's past, not the server's.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Server.Hosting.NativeMemoryTrimmer.Libc.MallocTrim(0);

        var transports = new CountingTransport.Factory();
        using var server = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ISessionTransportFactory>(transports)));
        using var client = server.CreateClient();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 2; i++)
        {
            using var offer = await Sdp.PostOfferAsync(client);
            offer.EnsureSuccessStatusCode();
            ids.Add((await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!);
        }

        using var stop = new CancellationTokenSource();
        var microphone = Task.Run(() => SpeakAsync(transports.Created, stop.Token));
        var sampler = new SoakSampler(
            Environment.ProcessId,
            async ct => (await client.GetFromJsonAsync<StatsResponse>("/api/stats", Json, ct))!.Sessions,
            s => ids.Contains(s.Id));
        var samples = new List<SoakSample> { await sampler.SampleAsync(CancellationToken.None) };
        var clock = Stopwatch.StartNew();
        for (int k = 1; Interval * k <= Duration; k++)
        {
            var wait = (Interval * k) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            samples.Add(await sampler.SampleAsync(CancellationToken.None));
        }

        await stop.CancelAsync();
        await microphone;
        string table = SoakTable.Write(samples);

        // Slack for a shared 2-core machine (load averages of 5 to 9 were seen while this ran beside other work): threads
        // get 8 (the test host's thread pool injects threads when the machine is loaded), and a push may be up to two
        // frame times late (one 43 ms push was seen at load average 8). The 30-minute soak judges at one frame time.
        var failures = SoakTrend.Failures(samples, Warmup, memoryAllowanceMiB: 16, handleAllowance: 4, threadAllowance: 8, maxLagMs: 80);
        Assert.True(failures is [], string.Join("; ", failures) + "\n" + table);
        var last = samples[^1];
        Assert.True(last.Sessions == 2, table);
        Assert.True(last.FramesMissed == 0, table);
        Assert.True(last.FramesGenerated > 100, $"speech must drive generated frames\n{table}");
        // Both sessions at 25 fps, counted from the second sample (5 s in), when both are surely sending: at the first
        // one a session may not have sent its first frame yet (it comes D after the offer) or may have sent many
        // (18 frames were out at t = 0 once in a fresh clone), so counting from the sessions' start was a guess.
        var first = samples[1];
        long sent = last.FramesSent - first.FramesSent;
        double expected = 2 * (last.At - first.At).TotalSeconds * 25;
        Assert.True(Math.Abs(sent - expected) <= 10, $"{sent} frames sent after the second sample, {expected:F0} expected\n{table}");
    }

    // 20 ms chunks on the real clock: a 300 Hz tone for 5 s, then 5 s of silence, alternating, into every session.
    private static async Task SpeakAsync(IReadOnlyList<CountingTransport> transports, CancellationToken cancellationToken)
    {
        float[] tone = new float[320];
        float[] silence = new float[320];
        long start = Stopwatch.GetTimestamp();
        for (long chunk = 0; !cancellationToken.IsCancellationRequested; chunk++)
        {
            for (int i = 0; i < tone.Length; i++)
            {
                tone[i] = 0.6f * MathF.Sin(2 * MathF.PI * 300 * ((chunk * 320) + i) / 16000);
            }

            bool speaking = chunk / 250 % 2 == 0;
            foreach (var t in transports)
            {
                t.Speak(speaking ? tone : silence);
            }

            var wait = TimeSpan.FromMilliseconds(20 * (chunk + 1)) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
