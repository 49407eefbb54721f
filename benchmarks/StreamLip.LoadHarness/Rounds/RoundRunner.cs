using StreamLip.LoadHarness.Clients;
using StreamLip.LoadHarness.Measurement;
using StreamLip.LoadHarness.Server;
using StreamLip.LoadHarness.Speech;
using StreamLip.Media.WebRtc;
using StreamLip.Server.Observability;
using StreamLip.Server.Sessions;

namespace StreamLip.LoadHarness.Rounds;

/// <summary>
/// Runs one round: opens N sessions one after the other (client offer → <c>POST /api/webrtc/offer</c> → answer →
/// connected), lets them warm up, measures a window, then closes every session (<c>DELETE</c>) and waits until the
/// server has none left. Every wait is bounded.
/// </summary>
internal sealed class RoundRunner(IServerTarget server, SignallingClient api, IMicrophoneSource speech, WebRtcVideoCodec codec, bool lightClients, TimeProvider time, TextWriter log)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Runs a round of <paramref name="sessions"/> sessions, measuring <paramref name="seconds"/> after <paramref name="warmupSeconds"/>.</summary>
    public async Task<RoundResult> RunAsync(int sessions, int seconds, int warmupSeconds, CancellationToken cancellationToken)
    {
        var clients = new List<(BrowserLikeClient Client, string? SessionId)>();
        var errors = new List<string>();
        var feeder = new MicrophoneFeeder(speech, time);
        feeder.Start();
        try
        {
            long connectStart = time.GetTimestamp();
            for (int i = 0; i < sessions; i++)
            {
                // Listed at once, so that whatever fails below, the finally block still stops its session and disposes it.
                var client = BrowserLikeClient.Create(BrowserLikeClientOptions.ForLoad(codec, lightClients));
                clients.Add((client, null));
                try
                {
                    string offer = await client.CreateOfferAsync(waitForCandidates: true, cancellationToken).ConfigureAwait(false);
                    OfferResponse answer = await api.OfferAsync(offer, cancellationToken).ConfigureAwait(false);
                    clients[^1] = (client, answer.SessionId);
                    await client.SetAnswerAsync(answer.Answer, cancellationToken).ConfigureAwait(false);
                    await client.WaitForConnectedAsync(ConnectTimeout, cancellationToken).ConfigureAwait(false);

                    // Spread the clients evenly over the speech loop: they take turns speaking, as real users would.
                    feeder.Add(client, (int)((long)i * speech.Chunks / sessions));
                }
                catch (Exception e) when (e is HttpRequestException or TimeoutException or InvalidOperationException or InvalidDataException)
                {
                    errors.Add($"session {i + 1}: {e.Message}");
                }
            }

            double connectSeconds = time.GetElapsedTime(connectStart).TotalSeconds;
            log.WriteLine($"  {sessions} session(s) opened in {connectSeconds:F1} s; warming up {warmupSeconds} s, then measuring {seconds} s");
            await Task.Delay(TimeSpan.FromSeconds(warmupSeconds), time, cancellationToken).ConfigureAwait(false);

            var ids = clients.Where(c => c.SessionId is not null).Select(c => c.SessionId!).ToHashSet(StringComparer.Ordinal);
            string loadStart = ProcFs.LoadAverage();
            (CpuSample? serverCpu0, CpuSample harnessCpu0) = SampleCpu();
            StatsResponse stats0 = await api.StatsAsync(cancellationToken).ConfigureAwait(false);
            long[] frames0 = [.. clients.Select(c => c.Client.Frames)];
            long[] voice0 = [.. clients.Select(c => c.Client.AudioSamplesReceived)];
            long dropped0 = feeder.ChunksDropped;

            await Task.Delay(TimeSpan.FromSeconds(seconds), time, cancellationToken).ConfigureAwait(false);

            long[] frames1 = [.. clients.Select(c => c.Client.Frames)];
            long[] voice1 = [.. clients.Select(c => c.Client.AudioSamplesReceived)];
            (CpuSample? serverCpu1, CpuSample harnessCpu1) = SampleCpu();
            StatsResponse stats1 = await api.StatsAsync(cancellationToken).ConfigureAwait(false);
            double window = time.GetElapsedTime(harnessCpu0.Timestamp, harnessCpu1.Timestamp).TotalSeconds;

            var running = stats1.Sessions.Where(s => ids.Contains(s.Id)).ToList();
            int connected = clients.Count(c => c.SessionId is not null && c.Client.ConnectionState == WebRtcConnectionState.Connected && running.Any(s => s.Id == c.SessionId));
            long[] frames = [.. frames1.Zip(frames0, (a, b) => a - b)];
            errors.AddRange(clients.SelectMany((c, i) => c.Client.Errors.Select(e => $"client {i + 1}: {e.Message}")));

            return new RoundResult
            {
                Sessions = sessions,
                Connected = connected,
                ConnectSeconds = connectSeconds,
                WindowSeconds = window,
                FramesMin = frames.Length == 0 ? 0 : frames.Min(),
                FramesMean = frames.Length == 0 ? 0 : frames.Average(),
                VoiceSecondsMean = voice1.Zip(voice0, (a, b) => (a - b) / (double)BrowserLikeClient.AudioRate).DefaultIfEmpty().Average(),
                Server = ServerFrames.Between(stats0.Sessions, stats1.Sessions, ids),
                DelayP50Ms = Median(running.Select(s => s.DelayP50Ms)),
                DelayP95Ms = running.Select(s => s.DelayP95Ms).Max(),
                ProcessingP95Ms = running.Select(s => s.ProcessingP95Ms).Max(),
                Batches = BatchWindow.Between(stats0.Batcher, stats1.Batcher),
                ServerCpu = server.InProcess || serverCpu0 is null || serverCpu1 is null ? null : CpuUsage.Between(serverCpu0, serverCpu1, time),
                HarnessCpu = CpuUsage.Between(harnessCpu0, harnessCpu1, time),
                ServerRssMiB = server.ProcessId is { } pid ? ProcFs.Memory(pid).RssMiB : 0,
                HarnessRssMiB = ProcFs.Memory(Environment.ProcessId).RssMiB,
                LoadAverage = $"{loadStart} → {ProcFs.LoadAverage()}",
                MicrophoneChunksDropped = feeder.ChunksDropped - dropped0,
                ClientErrors = errors,
                Capacity = stats1.Capacity,
            };
        }
        finally
        {
            await CloseAsync(clients, feeder).ConfigureAwait(false);
        }
    }

    private static double? Median(IEnumerable<double?> values)
    {
        double[] v = [.. values.Where(x => x is not null).Select(x => x!.Value).Order()];
        return v.Length == 0 ? null : v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }

    private (CpuSample? Server, CpuSample Harness) SampleCpu()
    {
        var harness = CpuSample.Take(Environment.ProcessId, time);
        CpuSample? remote = null;
        if (!server.InProcess && server.ProcessId is { } pid)
        {
            try
            {
                remote = CpuSample.Take(pid, time);
            }
            catch (ArgumentException)
            {
                // The server process is gone: no CPU figure for it.
            }
        }

        return (remote, harness);
    }

    // Stops the sessions on the server, then the clients, then waits (bounded) until the server reports none of them.
    private async Task CloseAsync(List<(BrowserLikeClient Client, string? SessionId)> clients, MicrophoneFeeder feeder)
    {
        await feeder.DisposeAsync().ConfigureAwait(false);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, id) in clients)
        {
            if (id is not null)
            {
                ids.Add(id);
                try
                {
                    await api.StopAsync(id, CancellationToken.None).ConfigureAwait(false);
                }
                catch (HttpRequestException e)
                {
                    log.WriteLine($"  could not stop session {id}: {e.Message}");
                }
            }
        }

        foreach (var (client, _) in clients)
        {
            client.Dispose();
        }

        long start = time.GetTimestamp();
        while (time.GetElapsedTime(start) < DrainTimeout)
        {
            StatsResponse stats = await api.StatsAsync(CancellationToken.None).ConfigureAwait(false);
            if (!stats.Sessions.Any(s => ids.Contains(s.Id)))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time).ConfigureAwait(false);
        }

        log.WriteLine($"  the server still lists some of this round's sessions after {DrainTimeout.TotalSeconds:F0} s");
    }
}
