using StreamLip.LoadHarness.Clients;
using StreamLip.LoadHarness.Server;
using StreamLip.LoadHarness.Speech;
using StreamLip.Media.WebRtc;
using StreamLip.Server.Sessions;

namespace StreamLip.LoadHarness.Soak;

/// <summary>
/// Issue #6 item 5: holds N WebRTC sessions open for a long time with speech on and off, and samples the server's
/// memory, handles, threads and frame timing every interval. Every wait is bounded; the sessions are stopped at the end.
/// </summary>
internal sealed class SoakRunner(IServerTarget server, SignallingClient api, IMicrophoneSource microphone, WebRtcVideoCodec codec, TimeProvider time, TextWriter log)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="sessions"/> sessions for <paramref name="duration"/>, sampling every <paramref name="interval"/>.</summary>
    public async Task<(IReadOnlyList<SoakSample> Samples, IReadOnlyList<string> Errors)> RunAsync(int sessions, TimeSpan duration, TimeSpan interval, CancellationToken cancellationToken)
    {
        var clients = new List<(BrowserLikeClient Client, string? SessionId)>();
        var errors = new List<string>();
        var samples = new List<SoakSample>();
        var feeder = new MicrophoneFeeder(microphone, time);
        feeder.Start();
        try
        {
            for (int i = 0; i < sessions; i++)
            {
                var client = BrowserLikeClient.Create(BrowserLikeClientOptions.ForLoad(codec, light: false));
                clients.Add((client, null));
                string offer = await client.CreateOfferAsync(waitForCandidates: true, cancellationToken).ConfigureAwait(false);
                OfferResponse answer = await api.OfferAsync(offer, cancellationToken).ConfigureAwait(false);
                clients[^1] = (client, answer.SessionId);
                await client.SetAnswerAsync(answer.Answer, cancellationToken).ConfigureAwait(false);
                await client.WaitForConnectedAsync(ConnectTimeout, cancellationToken).ConfigureAwait(false);
                feeder.Add(client, 0);
            }

            var ids = clients.Select(c => c.SessionId).OfType<string>().ToHashSet(StringComparer.Ordinal);
            var sampler = new SoakSampler(
                server.ProcessId ?? Environment.ProcessId,
                async ct => (await api.StatsAsync(ct).ConfigureAwait(false)).Sessions,
                s => ids.Contains(s.Id));
            log.WriteLine($"soak: {sessions} session(s) connected; sampling every {interval.TotalSeconds:F0} s for {duration.TotalMinutes:F1} min");
            samples.Add(await sampler.SampleAsync(cancellationToken).ConfigureAwait(false));
            long start = time.GetTimestamp();
            for (int k = 1; interval * k <= duration; k++)
            {
                TimeSpan wait = (interval * k) - time.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }

                SoakSample s = await sampler.SampleAsync(cancellationToken).ConfigureAwait(false);
                samples.Add(s);
                log.WriteLine($"  {s.At.TotalMinutes,6:F2} min: rss {s.WorkingSetMiB:F1} MiB, heap {s.GcHeapMiB:F1} MiB, private {s.PrivateMiB:F1} MiB, {s.Handles} handles, {s.Threads} threads, {s.Sessions} sessions, sent {s.FramesSent}, late {s.FramesLate}, missed {s.FramesMissed}, lag max {s.SendLagMaxMs:F1} ms");
                if (s.Sessions < ids.Count)
                {
                    errors.Add($"at {s.At.TotalMinutes:F1} min only {s.Sessions} of {ids.Count} sessions were running");
                }
            }

            errors.AddRange(clients.SelectMany((c, i) => c.Client.Errors.Select(e => $"client {i + 1}: {e.Message}")));
            return (samples, errors);
        }
        finally
        {
            await feeder.DisposeAsync().ConfigureAwait(false);
            foreach (var (client, id) in clients)
            {
                if (id is not null)
                {
                    try
                    {
                        await api.StopAsync(id, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (HttpRequestException e)
                    {
                        log.WriteLine($"  could not stop session {id}: {e.Message}");
                    }
                }

                client.Dispose();
            }
        }
    }
}
