using StreamLip.Media.WebRtc;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Tests.Shared.Allocations;

namespace StreamLip.Media.Tests.WebRtc;

/// <summary>Disposal at any point: before an offer, while answering, while streaming, from a microphone callback.</summary>
[Collection(GStreamerCollection.Name)]
public sealed class WebRtcPeerLifetimeTests(GStreamerFixture fixture)
{
    private static readonly WebRtcPeerOptions Small = new() { Width = 160, Height = 120 };

    [Fact]
    public async Task Dispose_is_idempotent_closes_the_peer_and_refuses_later_use()
    {
        Assert.NotNull(fixture);
        var peer = WebRtcPeer.Create(Small);
        var closed = new TaskCompletionSource<WebRtcConnectionState>(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.ConnectionStateChanged += s => closed.TrySetResult(s);

        peer.Dispose();
        peer.Dispose();

        Assert.Equal(WebRtcConnectionState.Closed, await closed.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(WebRtcConnectionState.Closed, peer.ConnectionState);
        Assert.Throws<ObjectDisposedException>(() => peer.PushVideoFrame(new byte[160 * 120 * 4], TimeSpan.Zero));
        Assert.Throws<ObjectDisposedException>(() => peer.PushAudio(new float[480], 48000, TimeSpan.Zero));
        Assert.Throws<ObjectDisposedException>(() => peer.AddRemoteCandidate(new IceCandidate("", 0)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => peer.AcceptOfferAsync(ChromeLikeOffer.Text, CancellationToken.None));
    }

    [Fact]
    public void Pushing_before_the_offer_drops_the_data_and_wrong_frames_are_argument_errors()
    {
        using var peer = WebRtcPeer.Create(Small);

        peer.PushVideoFrame(new byte[160 * 120 * 4], TimeSpan.Zero);
        peer.PushAudio(new float[480], 16000, TimeSpan.Zero);
        var e = Assert.Throws<ArgumentException>(() => peer.PushVideoFrame(new byte[100], TimeSpan.Zero));
        Assert.Contains("160×120 BGRx = 76800 bytes", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => peer.PushVideoFrame(new byte[160 * 120 * 4], TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => peer.PushAudio(new float[10], 96000, TimeSpan.Zero));
    }

    [Fact]
    public async Task Pushing_frames_and_audio_allocates_no_managed_memory()
    {
        using LoopbackSession session = await LoopbackSession.StartAsync(Small, connect: false);
        byte[] frame = LoopbackSession.SolidFrame(160, 120, (10, 20, 30));
        float[] voice = new float[960];
        int i = 0;

        SteadyState.AssertAllocatesNothing(() =>
        {
            session.Peer.PushVideoFrame(frame, TimeSpan.FromMilliseconds(40 * i));
            session.Peer.PushAudio(voice, 48000, TimeSpan.FromMilliseconds(20 * i));
            i++;
        });
    }

    [Fact]
    public async Task Disposing_while_streaming_stops_cleanly_and_the_pusher_sees_ObjectDisposedException()
    {
        using LoopbackSession session = await LoopbackSession.StartAsync(Small);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Task streaming = session.StreamAsync(250, cancellationToken: stop.Token);
        await session.Client.WaitForFramesAsync(10, TimeSpan.FromSeconds(5));

        var disposing = Task.Run(session.Peer.Dispose);
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<ObjectDisposedException>(() => streaming);
        Assert.Equal(WebRtcConnectionState.Closed, session.Peer.ConnectionState);
        Assert.True(session.Client.Frames >= 10, $"decoded {session.Client.Frames} before the dispose");
    }

    [Fact]
    public async Task Disposing_from_a_microphone_callback_finishes_the_teardown_off_the_streaming_thread()
    {
        using LoopbackSession session = await LoopbackSession.StartAsync(Small);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Peer.ConnectionStateChanged += s =>
        {
            if (s == WebRtcConnectionState.Closed)
            {
                closed.TrySetResult();
            }
        };

        session.Peer.MicrophoneAudio += _ => session.Peer.Dispose();

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Throws<ObjectDisposedException>(() => session.Peer.PushAudio(new float[480], 48000, TimeSpan.Zero));
    }

    [Fact]
    public async Task Disposing_while_an_offer_is_being_answered_ends_the_negotiation_without_hanging()
    {
        var peer = WebRtcPeer.Create(Small);
        Task<string> answering = peer.AcceptOfferAsync(ChromeLikeOffer.Text, CancellationToken.None);
        peer.Dispose();

        // Either the answer was already made, or the negotiation ends as disposed/cancelled: never a hang.
        try
        {
            await answering.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    [Fact]
    public async Task A_pipeline_error_is_raised_through_Failed_on_a_thread_pool_thread_not_the_posting_one()
    {
        using var peer = WebRtcPeer.Create(Small);
        var failed = new TaskCompletionSource<(Exception Error, int Thread)>(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.Failed += e => failed.TrySetResult((e, Environment.CurrentManagedThreadId));

        BusErrors.Post(peer.Pipeline, "encoder exploded", "test: posted by hand");

        (Exception error, int thread) = await failed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        var pipelineError = Assert.IsType<GStreamerPipelineException>(error);
        Assert.Equal("encoder exploded", pipelineError.ErrorMessage);
        Assert.Equal("test: posted by hand", pipelineError.DebugInfo);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
    }

    [Fact]
    public async Task A_throwing_event_handler_is_reported_through_Failed_not_thrown_on_a_GStreamer_thread()
    {
        using var peer = WebRtcPeer.Create(Small);
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.Failed += e => failed.TrySetResult(e);
        peer.LocalCandidate += _ => throw new InvalidOperationException("handler bug");

        await peer.AcceptOfferAsync(ChromeLikeOffer.Text, CancellationToken.None);

        Exception error = await failed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("handler bug", error.Message);
    }
}
