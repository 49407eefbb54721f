namespace StreamLip.Realtime;

/// <summary>
/// What one real-time session needs from its media connection (a WebRTC peer in the server, a fake in tests):
/// signalling (offer → answer, ICE candidates), the remote microphone in, the avatar's video and audio out.
/// </summary>
/// <remarks>
/// Threads: <see cref="MicrophoneAudio"/>, <see cref="LocalCandidate"/> and <see cref="Failed"/> may be raised on any
/// thread (a GStreamer streaming thread, say). <see cref="PushVideoFrame"/> and <see cref="PushAudio"/> are called by
/// one pacer at a time, never concurrently with each other, and must not block for long (copy and return).
/// Ownership: the session that is given a transport disposes it when the session ends.
/// </remarks>
public interface ISessionTransport : IDisposable
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

    /// <summary>Sends one video frame.</summary>
    /// <param name="bgrx">Width × height × 4 bytes (stride = width × 4), valid during the call only.</param>
    /// <param name="pts">Presentation time on the session clock (frame i: i / 25 s).</param>
    void PushVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts);

    /// <summary>Sends audio that goes with the video.</summary>
    /// <param name="samples">Mono samples, valid during the call only.</param>
    /// <param name="sampleRate">Samples per second (16000 for the echoed microphone).</param>
    /// <param name="pts">Presentation time of the first sample on the same session clock as the video.</param>
    void PushAudio(ReadOnlySpan<float> samples, int sampleRate, TimeSpan pts);

    /// <summary>The connection failed for good (ICE failure, pipeline error); the session ends.</summary>
    event Action<Exception>? Failed;
}
