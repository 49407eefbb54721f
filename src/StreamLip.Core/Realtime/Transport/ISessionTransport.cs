namespace StreamLip.Realtime.Transport;

/// <summary>
/// What one real-time session needs from its media connection (a WebRTC peer in the server, a fake in tests):
/// signalling (offer → answer, ICE candidates), the remote microphone in, the avatar's video and audio out
/// (<see cref="IMediaSink"/>; its <see cref="IMediaSink.Failed"/> ends the session).
/// </summary>
/// <remarks>
/// Threads: <see cref="MicrophoneAudio"/> and <see cref="LocalCandidate"/> may be raised on any thread (a GStreamer
/// streaming thread, say); pushes as for every <see cref="IMediaSink"/>.
/// Ownership: the session that is given a transport disposes it when the session ends.
/// </remarks>
public interface ISessionTransport : IMediaSink
{
    /// <summary>Answers a remote SDP offer; the answer is complete (ICE gathering done, no trickle needed).</summary>
    /// <param name="offerSdp">The browser's offer.</param>
    /// <param name="cancellationToken">Abandons the negotiation.</param>
    /// <returns>The answer SDP.</returns>
    Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken);

    /// <summary>A local ICE candidate found after the answer (trickle); may never be raised.</summary>
    event Action<IceCandidate>? LocalCandidate;

    /// <summary>Adds a candidate the remote peer sent.</summary>
    void AddRemoteCandidate(IceCandidate candidate);

    /// <summary>Decoded remote microphone audio, 16 kHz mono float, in chunks of any size.</summary>
    event AudioSamplesHandler? MicrophoneAudio;

    /// <summary>The video codec and encoder this transport sends with (fixed when it is made), or null when it does not say.</summary>
    VideoEncoding? VideoEncoding { get; }
}
