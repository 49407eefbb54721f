using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Core.Tests.Realtime;

public sealed class SessionOutputTests
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(40);

    [Fact]
    public async Task An_added_output_gets_the_same_frames_and_audio_as_the_peer_from_then_on()
    {
        await using var h = new RealtimeHarness();
        var (session, transport) = h.Start();
        h.Time.Advance(session.LatencyBudget + (4 * Frame)); // frames 0..4 sent
        var output = new FakeSessionTransport(h.Time);

        session.AddOutput(output);
        h.Time.Advance(10 * Frame);

        Assert.Equal(10, output.Video.Count);
        Assert.Equal(5 * Frame, output.Video[0].Pts);
        Assert.Equal(transport.Video.Skip(5).Select(v => v.Pts), output.Video.Select(v => v.Pts));
        Assert.Equal(transport.Video.Skip(5).Select(v => v.Bgrx), output.Video.Select(v => v.Bgrx));
        Assert.Equal(transport.Audio.Skip(5).Select(a => a.Samples), output.Audio.Select(a => a.Samples));
        Assert.Equal(1, session.GetStats().Outputs);

        Assert.True(session.RemoveOutput(output));
        h.Time.Advance(5 * Frame);
        Assert.Equal(10, output.Video.Count);
        Assert.False(output.Disposed); // handed back
        Assert.False(session.RemoveOutput(output));
    }

    [Fact]
    public async Task An_output_that_throws_is_dropped_and_disposed_while_the_session_and_other_outputs_go_on()
    {
        await using var h = new RealtimeHarness();
        var (session, transport) = h.Start();
        var broken = new FakeSessionTransport(h.Time);
        var good = new FakeSessionTransport(h.Time);
        var failures = new List<(IMediaSink Output, Exception Error)>();
        session.OutputFailed += (_, o, e) => { lock (failures) { failures.Add((o, e)); } };
        session.AddOutput(broken);
        session.AddOutput(good);
        h.Time.Advance(session.LatencyBudget + (2 * Frame));

        broken.FailPushes = true;
        h.Time.Advance(10 * Frame);

        var failure = Assert.Single(failures);
        Assert.Same(broken, failure.Output);
        Assert.IsType<IOException>(failure.Error);
        Assert.Equal(13, good.Video.Count);
        Assert.Equal(13, transport.Video.Count);
        Assert.Equal(13, good.Audio.Count);
        Assert.False(session.IsStopped);
        Assert.Equal([good], session.Outputs);
        await WaitFor(() => broken.Disposed);
    }

    [Fact]
    public async Task An_output_that_reports_its_own_failure_is_dropped_once()
    {
        await using var h = new RealtimeHarness();
        var (session, _) = h.Start();
        var output = new FakeSessionTransport(h.Time);
        int failures = 0;
        session.OutputFailed += (_, _, _) => Interlocked.Increment(ref failures);
        session.AddOutput(output);

        output.Fail(new InvalidOperationException("rtmp connection lost"));
        output.Fail(new InvalidOperationException("and again"));

        Assert.Equal(1, failures);
        Assert.Empty(session.Outputs);
        await WaitFor(() => output.Disposed);
        Assert.False(session.IsStopped);
    }

    [Fact]
    public async Task Outputs_are_disposed_when_the_session_stops()
    {
        await using var h = new RealtimeHarness();
        var (session, _) = h.Start();
        var output = new FakeSessionTransport(h.Time);
        session.AddOutput(output);

        await session.DisposeAsync();

        Assert.True(output.Disposed);
        Assert.Throws<ObjectDisposedException>(() => session.AddOutput(new FakeSessionTransport(h.Time)));
    }

    [Fact]
    public async Task A_session_without_a_peer_runs_on_its_outputs()
    {
        await using var h = new RealtimeHarness();
        var session = h.Engine.StartSession("a", h.AvatarA, transport: null);
        var output = new FakeSessionTransport(h.Time);
        session.AddOutput(output);

        h.Time.Advance(session.LatencyBudget + (4 * Frame));

        Assert.Equal(5, output.Video.Count);
        Assert.Null(session.Transport);
        Assert.False(session.GetStats().HasMicrophone);
        Assert.Equal((null, null), (session.GetStats().VideoCodec, session.GetStats().VideoEncoder));
        await session.DisposeAsync();
        Assert.True(output.Disposed);
    }

    [Fact]
    public async Task The_stats_name_the_codec_and_encoder_of_the_sessions_own_peer()
    {
        await using var h = new RealtimeHarness();
        var transport = new FakeSessionTransport(h.Time) { VideoEncoding = new("H264", "x264enc") };
        var session = h.Engine.StartSession("a", h.AvatarA, transport);

        var stats = session.GetStats();

        Assert.Equal(("H264", "x264enc"), (stats.VideoCodec, stats.VideoEncoder));
        await session.DisposeAsync();
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
