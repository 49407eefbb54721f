using StreamLip.Media.WebRtc;
using StreamLip.Realtime;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.WebRtc;

/// <summary>
/// A session's transport over one GStreamer webrtcbin peer: non-trickle answer, the browser microphone decoded to 16 kHz
/// mono float, the avatar's frames (BGRx) and the echoed speech pushed with the session clock's PTS. Owns the peer.
/// </summary>
/// <remarks>
/// PTS: the session gives frame i PTS i/25 s from its own start and pushes it at that PTS + D. The peer's pipeline starts
/// its running time at its first buffer, so PTS are rebased to the first push: a viewer that joins a session 10 s in
/// would otherwise have every buffer held 10 s downstream (measured: 3 frames decoded in 8 s). A session's own peer
/// starts at PTS 0, where rebasing changes nothing.
/// </remarks>
internal sealed class WebRtcSessionTransport : ISessionTransport
{
    private readonly WebRtcPeer _peer;
    private bool _disposed;
    private TimeSpan? _origin; // PTS of the first push; pushes come from one pacer at a time

    public WebRtcSessionTransport(WebRtcPeer peer)
    {
        _peer = peer;
        _peer.MicrophoneAudio += OnMicrophoneAudio;
        _peer.LocalCandidate += OnLocalCandidate;
        _peer.Failed += OnFailed;
        _peer.ConnectionStateChanged += OnConnectionStateChanged;
    }

    public event Action<IceCandidate>? LocalCandidate;

    public event AudioSamplesHandler? MicrophoneAudio;

    public event Action<Exception>? Failed;

    public async Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken)
    {
        try
        {
            return await _peer.AcceptOfferAsync(offerSdp, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            // What the peer refuses in an offer is the client's to fix: a 400 with the peer's reason.
            throw new SignallingException(e.Message);
        }
    }

    public void AddRemoteCandidate(IceCandidate candidate)
    {
        try
        {
            _peer.AddRemoteCandidate(candidate);
        }
        catch (ArgumentException e)
        {
            throw new SignallingException(e.Message);
        }
    }

    public void PushVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts) => _peer.PushVideoFrame(bgrx, Rebase(pts));

    public void PushAudio(ReadOnlySpan<float> samples, int sampleRate, TimeSpan pts) => _peer.PushAudio(samples, sampleRate, Rebase(pts));

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _peer.MicrophoneAudio -= OnMicrophoneAudio;
        _peer.LocalCandidate -= OnLocalCandidate;
        _peer.Failed -= OnFailed;
        _peer.ConnectionStateChanged -= OnConnectionStateChanged;
        _peer.Dispose();
    }

    private TimeSpan Rebase(TimeSpan pts)
    {
        _origin ??= pts;
        return pts >= _origin.Value ? pts - _origin.Value : TimeSpan.Zero;
    }

    // GStreamer streaming thread: the session copies the samples before returning.
    private void OnMicrophoneAudio(ReadOnlySpan<float> samples16kMono) => MicrophoneAudio?.Invoke(samples16kMono);

    private void OnLocalCandidate(IceCandidate candidate) => LocalCandidate?.Invoke(candidate);

    private void OnFailed(Exception error) => Failed?.Invoke(error);

    // ICE failed or the browser closed the connection: the session ends (Disconnected may recover, so it is left).
    private void OnConnectionStateChanged(WebRtcConnectionState state)
    {
        if (state is WebRtcConnectionState.Failed or WebRtcConnectionState.Closed)
        {
            Failed?.Invoke(new IOException($"The WebRTC connection is {state.ToString().ToLowerInvariant()}."));
        }
    }
}
