using System.Diagnostics;
using StreamLip.Realtime;

namespace StreamLip.Core.Tests.Realtime;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCountingCollection
{
    /// <summary>Tests that count the whole process's allocations: they run alone.</summary>
    public const string Name = "allocation counting";
}

/// <summary>
/// The whole real-time line in steady state — microphone chunk → audio stage → batch lane → shared batcher (its own
/// thread) → compose stage → pacer → transport — allocates nothing per frame: every buffer is pooled, every queue is a
/// channel whose waits reuse their operations. Counted over the whole process (the stages run on four threads), so
/// the test runs alone; as in <c>SteadyState</c>, the runtime's own one-off
/// allocations (tiered JIT, thread-pool growth) may show in a window, an allocation of the line shows in every one
/// (before the stage loops stopped waiting with a cancellable token: 7,200 B in each second, one wait per chunk).
/// </summary>
[Collection(AllocationCountingCollection.Name)]
public sealed class SteadyStateLineTests
{
    private const int ChunkSamples = 320; // 20 ms at 16 kHz
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_speaking_session_allocates_nothing_per_frame_once_warm()
    {
        await using var h = new RealtimeHarness(new RealtimeOptions { BatchPerSession = 5, MaxSessions = 2, ProcessingMargin = TimeSpan.FromSeconds(1) });
        var (session, transport) = h.Start();
        transport.Records = false;
        float[] tone = new float[ChunkSamples];
        for (int i = 0; i < tone.Length; i++)
        {
            tone[i] = 0.3f * MathF.Sin(2 * MathF.PI * 440 * i / 16_000f); // 440 Hz: a whole number of periods per chunk
        }

        long framesBefore = session.GetStats().FramesGenerated;
        Speak(h, session, transport, tone, chunks: 250); // 5 s: warm (JIT tiers, pools filled, thread pool grown)
        long[] windows = new long[6];
        for (int w = 0; w < windows.Length; w++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            Speak(h, session, transport, tone, chunks: 50); // 1 s: 25 frames
            windows[w] = GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        var stats = session.GetStats();
        Assert.True(stats.FramesGenerated - framesBefore >= 200, $"the mouth moved in {stats.FramesGenerated - framesBefore} frames of 375: {stats}");
        Assert.True(transport.PushesCounted > 0);
        Assert.True(windows.Min() == 0, $"bytes allocated per second of speech (25 frames): {string.Join(", ", windows)}");
    }

    // Plays chunks into the microphone, the fake clock moving 20 ms before each (the pacer ticks inside Advance), and
    // waits for the line to empty after each, without allocating on this thread.
    private static void Speak(RealtimeHarness h, RealtimeSession session, StreamLip.Tests.Shared.Transports.FakeSessionTransport transport, float[] chunk, int chunks)
    {
        for (int c = 0; c < chunks; c++)
        {
            h.Time.Advance(RealtimeHarness.Chunk);
            transport.Speak(chunk);
            long start = Stopwatch.GetTimestamp();
            while (session.AudioPending != 0 || session.InFlight != 0)
            {
                if (Stopwatch.GetElapsedTime(start) > SettleTimeout)
                {
                    Assert.Fail($"the line did not settle: {session.AudioPending} chunks, {session.InFlight} items in flight");
                }

                Thread.Yield();
            }
        }
    }
}
