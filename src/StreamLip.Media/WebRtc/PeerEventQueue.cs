using System.Threading.Channels;

namespace StreamLip.Media.WebRtc;

/// <summary>
/// Moves a peer's events (candidates, connection states, failures) off GStreamer's threads: they are queued and
/// raised in order by one loop on the thread pool, so a handler may block or dispose the peer without stalling or
/// deadlocking webrtcbin. Bounded (events are rare; a consumer 256 events behind is stuck): when full, the oldest
/// is dropped. Events posted after <see cref="Complete"/> are dropped.
/// </summary>
internal sealed class PeerEventQueue
{
    private const int Capacity = 256;

    private readonly Channel<Action> _channel = Channel.CreateBounded<Action>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Action<Exception> _onHandlerError;

    /// <param name="onHandlerError">Called on the loop with an exception an event handler threw.</param>
    public PeerEventQueue(Action<Exception> onHandlerError)
    {
        _onHandlerError = onHandlerError;
        Completion = Task.Run(RunAsync);
    }

    /// <summary>Completes once every event queued before <see cref="Complete"/> was raised.</summary>
    public Task Completion { get; }

    /// <summary>Queues <paramref name="raise"/>; callable from any thread, never blocks.</summary>
    public void Post(Action raise) => _channel.Writer.TryWrite(raise);

    /// <summary>Accepts no more events; those already queued are still raised.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    private async Task RunAsync()
    {
        await foreach (Action raise in _channel.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                raise();
            }
            catch (Exception e)
            {
                try
                {
                    _onHandlerError(e);
                }
                catch (Exception)
                {
                    // The error handler itself failed: nothing is left to report to.
                }
            }
        }
    }
}
