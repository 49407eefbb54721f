using StreamLip.Realtime;

namespace StreamLip.Core.Tests.Realtime;

public sealed class SessionLifetimeTests
{
    [Fact]
    public async Task Beyond_the_limit_new_sessions_are_refused_until_one_ends()
    {
        await using var h = new RealtimeHarness(new RealtimeOptions { MaxSessions = 2 });
        var a = h.Start();
        h.Start();
        var refused = new FakeSessionTransport(h.Time);

        var e = Assert.Throws<SessionLimitException>(() => h.Engine.StartSession("x", h.AvatarA, refused));

        Assert.Equal(2, e.MaxSessions);
        Assert.Contains("at most 2 sessions", e.Message, StringComparison.Ordinal);
        Assert.True(refused.Disposed);
        Assert.Equal(2, h.Engine.ActiveSessions);

        await a.Session.DisposeAsync();
        Assert.Equal(1, h.Engine.ActiveSessions);
        Assert.True(a.Transport.Disposed);
        Assert.Null(h.Engine.Find(a.Session.Id));
        var again = h.Start();
        Assert.Same(again.Session, h.Engine.Find(again.Session.Id));
    }

    [Fact]
    public async Task A_stopped_session_sends_nothing_more()
    {
        await using var h = new RealtimeHarness();
        var (session, transport) = h.Start();
        h.Time.Advance(TimeSpan.FromSeconds(1));
        int sent = transport.Video.Count;

        await session.DisposeAsync();
        h.Time.Advance(TimeSpan.FromSeconds(1));
        transport.Speak(Signals.Tone(0.1));

        Assert.Equal(sent, transport.Video.Count);
        Assert.True(session.Completion.IsCompletedSuccessfully);
        await session.DisposeAsync(); // twice is fine
    }

    [Fact]
    public async Task A_transport_failure_ends_the_session_and_is_reported_once()
    {
        await using var h = new RealtimeHarness();
        var (session, transport) = h.Start();
        var reported = new List<Exception>();
        session.Failed += (_, e) => reported.Add(e);

        transport.Fail(new InvalidOperationException("ICE failed"));
        transport.Fail(new InvalidOperationException("again"));
        await session.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("ICE failed", Assert.Single(reported).Message);
        Assert.True(transport.Disposed);
        Assert.Equal(0, h.Engine.ActiveSessions);
    }

    [Fact]
    public async Task A_push_that_throws_fails_the_session_without_taking_the_clock_down()
    {
        await using var h = new RealtimeHarness();
        var (session, transport) = h.Start();
        var failed = new TaskCompletionSource<Exception>();
        session.Failed += (_, e) => failed.TrySetResult(e);
        transport.FailPushes = true;

        h.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.IsType<IOException>(await failed.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        await session.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(0, h.Engine.ActiveSessions);
    }

    [Fact]
    public async Task Microphone_chunks_beyond_the_queue_are_dropped_and_counted()
    {
        await using var h = new RealtimeHarness(new RealtimeOptions { AudioQueueChunks = 1 });
        var (session, transport) = h.Start();
        float[] chunk = Signals.Tone(0.02);

        // The transport's thread delivers far faster than the audio loop can process: the queue of one overflows.
        for (int i = 0; i < 2000; i++)
        {
            transport.Speak(chunk);
        }

        h.Settle(session);
        var stats = session.GetStats();
        Assert.Equal(2000, stats.AudioChunks);
        Assert.True(stats.AudioChunksDropped > 0, "no chunk was dropped");
    }

    [Fact]
    public async Task A_stream_ahead_of_the_clock_loses_chunks_instead_of_drifting()
    {
        await using var h = new RealtimeHarness();
        var (session, transport) = h.Start();
        h.Time.Advance(RealtimeHarness.Chunk);

        // One second of audio delivered at a single instant (a sender whose clock runs fast, to the extreme).
        for (int i = 0; i < 50; i++)
        {
            transport.Speak(Signals.Silence(0.02));
            h.Settle(session);
        }

        var stats = session.GetStats();
        // The first chunk starts the timeline at 0; 250 ms may run ahead of the clock, the rest is dropped.
        Assert.Equal(50 - 14, stats.AudioChunksDropped);
        Assert.Equal(14 * 0.02, stats.AudioSeconds, 6);
    }
}
