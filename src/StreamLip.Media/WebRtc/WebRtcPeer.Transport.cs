using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Media.WebRtc;

/// <summary>
/// The peer as a real-time session's transport (<see cref="ISessionTransport"/>): what the browser sent wrong is a
/// <see cref="SignallingException"/> (the client's to fix: a 400 with the peer's reason), and a connection that failed
/// or was closed by the browser ends the session like a pipeline error.
/// </summary>
public sealed partial class WebRtcPeer : ISessionTransport
{
    private Action<Exception>? _connectionLost;

    /// <summary>The codec (<c>VP8</c>, <c>H264</c>) and the encoder element (<see cref="VideoEncoder"/>).</summary>
    VideoEncoding? ISessionTransport.VideoEncoding => _videoEncoding;

    /// <summary>The session's view of <see cref="Failed"/>: a pipeline error, or ICE failed or the browser closed the
    /// connection (Disconnected may recover, so it is left). Not raised for the peer's own disposal.</summary>
    event Action<Exception>? IMediaSink.Failed
    {
        add
        {
            Failed += value;
            _connectionLost += value;
        }

        remove
        {
            Failed -= value;
            _connectionLost -= value;
        }
    }

    async Task<string> ISessionTransport.AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken)
    {
        try
        {
            return await AcceptOfferAsync(offerSdp, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            throw new SignallingException(e.Message, e);
        }
    }

    void ISessionTransport.AddRemoteCandidate(IceCandidate candidate)
    {
        try
        {
            AddRemoteCandidate(candidate);
        }
        catch (ArgumentException e)
        {
            throw new SignallingException(e.Message, e);
        }
    }

    // Event loop: the connection reached a state it does not come back from.
    private void OnConnectionEnded(WebRtcConnectionState state)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            _connectionLost?.Invoke(new IOException($"The WebRTC connection is {state.ToString().ToLowerInvariant()}."));
        }
        catch (Exception)
        {
            // As for Failed: a handler's exception must not stop the event loop.
        }
    }
}
