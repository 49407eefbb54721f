namespace StreamLip.Realtime.Transport;

/// <summary>
/// Somewhere a session's frames and audio go: the WebRTC peer it was opened with (<see cref="ISessionTransport"/>), and
/// any outputs added while it runs (<see cref="RealtimeSession.AddOutput"/>: WebRTC viewers, an RTMP/SRT push, a recording,
/// a virtual camera), all fed the same frames by the session's pacer.
/// </summary>
/// <remarks>
/// Threads: <see cref="PushVideoFrame"/> and <see cref="PushAudio"/> are called by one pacer at a time, never
/// concurrently with each other, and must not block for long (copy and return): a slow sink delays every session
/// paced on the same thread. <see cref="Failed"/> may be raised on any thread. Timestamps are on the session clock
/// (frame i at i / 25 s), so a sink added late sees a first PTS above zero and rebases if its format needs to.
/// </remarks>
public interface IMediaSink : IDisposable
{
    /// <summary>Sends one video frame.</summary>
    /// <param name="bgrx">Width × height × 4 bytes (stride = width × 4), valid during the call only.</param>
    /// <param name="pts">Presentation time on the session clock (frame i: i / 25 s).</param>
    void PushVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts);

    /// <summary>
    /// Sends a frame whose picture is the same as the last one pushed (an idle frame of a still avatar). A sink that
    /// can keep showing its last picture may skip the work (a WebRTC peer then encodes nothing); by default the frame
    /// is pushed as any other.
    /// </summary>
    /// <param name="bgrx">The same pixels as the last frame, valid during the call only.</param>
    /// <param name="pts">Presentation time on the session clock.</param>
    /// <returns>False when the sink held its last picture instead of sending this frame.</returns>
    bool PushUnchangedVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts)
    {
        PushVideoFrame(bgrx, pts);
        return true;
    }

    /// <summary>Sends audio that goes with the video.</summary>
    /// <param name="samples">Mono samples, valid during the call only.</param>
    /// <param name="sampleRate">Samples per second (16000: the session's audio).</param>
    /// <param name="pts">Presentation time of the first sample on the same session clock as the video.</param>
    void PushAudio(ReadOnlySpan<float> samples, int sampleRate, TimeSpan pts);

    /// <summary>The sink failed for good (pipeline error, connection lost). For an added output, the session removes
    /// and disposes it and goes on; for the session's transport, the session ends.</summary>
    event Action<Exception>? Failed;
}
