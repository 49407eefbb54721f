using System.Runtime.InteropServices;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;
using StreamLip.Media.Video;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Media.WebRtc;

/// <summary>
/// The server side of one browser session on GStreamer's <c>webrtcbin</c>. The browser offers (audio sendrecv
/// with its microphone, or recvonly without one; video recvonly) and the server answers; the server then sends
/// the avatar's video (<see cref="PushVideoFrame"/>) and voice (<see cref="PushAudio"/>) and receives the
/// microphone decoded to 16 kHz mono (<see cref="MicrophoneAudio"/>).
/// </summary>
/// <remarks>
/// <para>Threading: <see cref="MicrophoneAudio"/> is raised synchronously on a GStreamer streaming thread.
/// <see cref="LocalCandidate"/>, <see cref="ConnectionStateChanged"/> and <see cref="Failed"/> are raised in order
/// on one thread-pool loop, never on a GStreamer thread, so their handlers may block or call <see cref="Dispose"/>;
/// an exception thrown by one of those handlers (or by a <see cref="MicrophoneAudio"/> handler) is passed to
/// <see cref="Failed"/>. <see cref="PushVideoFrame"/> and <see cref="PushAudio"/> may be called from different
/// threads, each from one thread at a time. <see cref="AcceptOfferAsync"/> is called once.</para>
/// <para>Timestamps given to the push methods are running times of one session clock (the first push may
/// start at any time: they are sent relative to the first push); both streams must use the same clock so the browser
/// can keep them in sync.</para>
/// </remarks>
public sealed partial class WebRtcPeer : IDisposable
{
    /// <summary>The shortest interval between RTCP sender reports (GStreamer's default is 5 s).</summary>
    internal static readonly TimeSpan RtcpInterval = TimeSpan.FromSeconds(1);

    private const int NegotiationNone = 0;
    private const int NegotiationRunning = 1;
    private const int NegotiationDone = 2;
    private const int NegotiationFailed = 3;

    [ThreadStatic]
    private static bool _inMicrophoneCallback;

    private readonly GstObjectHandle _rtpBin;
    private readonly WebRtcPeerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly GstPipeline _pipeline;
    private readonly WebRtcBin _webrtc;
    private readonly GstObjectHandle _videoSource;
    private readonly GstObjectHandle _videoPayloader;
    private readonly GstObjectHandle _audioSource;
    private readonly GstObjectHandle _audioPayloader;
    private readonly GstObjectHandle? _microphoneDepayloader;
    private readonly AppSinkListener? _microphoneListener;
    private readonly PeerEventQueue _events;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _gatheringComplete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gatheredLock = new();
    private readonly List<(int MLine, string Candidate)> _gathered = [];
    private readonly I420Converter _videoConverter;
    private readonly ulong _videoFrameDurationNs;
    private readonly VideoEncoding _videoEncoding;
    private int _audioRate = PeerLaunch.InitialAudioRate;
    private int _negotiation;
    private int _remoteMediaCount;
    private int _connectionState;
    private int _microphoneLinked;
    private int _disposed;
    private int _framesHeld = -1; // unchanged frames held since the last picture sent (−1: none sent yet); pacer's thread
    private long _ptsOrigin = -1; // ticks of the first push's PTS (−1: none yet); pushes come from one thread at a time

    private WebRtcPeer(WebRtcPeerOptions options, string videoEncoder, GstPipeline pipeline, TimeProvider timeProvider)
    {
        _options = options;
        _videoEncoding = new VideoEncoding(options.Codec == WebRtcVideoCodec.H264 ? "H264" : "VP8", videoEncoder);
        _pipeline = pipeline;
        _timeProvider = timeProvider;
        _videoConverter = new I420Converter(options.Width, options.Height);
        _videoFrameDurationNs = GstLayout.Second / (ulong)options.Fps;
        _events = new PeerEventQueue(RaiseFailed);

        GstObjectHandle element = pipeline.GetElement(PeerLaunch.WebRtc);
        if (options.StunServers.Count > 0)
        {
            GObjectProperty.Set(element, "stun-server", options.StunServers[0]);
        }

        if (options.TurnServer is not null)
        {
            GObjectProperty.Set(element, "turn-server", options.TurnServer);
        }

        // RTCP sender reports map each stream's RTP time to NTP at the buffers' capture time (their PTS on the session
        // clock), not at their send time: the browser syncs voice and picture by those reports, and send times differ
        // by each encoder's own delay (Opus holds a part-filled 20 ms frame until the next push; VP8 does not).
        _rtpBin = pipeline.GetElement(PeerLaunch.RtpBin);
        GObjectProperty.Set(_rtpBin, "rtcp-sync-send-time", false);

        _videoSource = pipeline.GetElement(PeerLaunch.VideoSource);
        _videoPayloader = pipeline.GetElement(PeerLaunch.VideoPayloader);
        _audioSource = pipeline.GetElement(PeerLaunch.AudioSource);
        _audioPayloader = pipeline.GetElement(PeerLaunch.AudioPayloader);
        InstallBusHandler();
        _webrtc = new WebRtcBin(element);
        _webrtc.IceCandidateGathered += OnIceCandidateGathered;
        _webrtc.IceGatheringStateChanged += OnIceGatheringStateChanged;
        _webrtc.ConnectionStateChanged += OnConnectionStateChanged;
        _webrtc.PadAdded += OnPadAdded;
        _webrtc.CallbackFailed += e => _events.Post(() => RaiseFailed(e));
        if (options.ReceiveMicrophone)
        {
            _microphoneDepayloader = pipeline.GetElement(PeerLaunch.MicDepayloader);
            _microphoneListener = AppSinkListener.Attach(
                pipeline.GetElement(PeerLaunch.MicSink), OnMicrophoneSample, e => _events.Post(() => RaiseFailed(e)));
        }

        // READY starts webrtcbin's task thread, which queues remote candidates that come before the offer
        // (in NULL webrtcbin drops them); the media flows from PLAYING, set when the offer is accepted.
        pipeline.SetState(GstState.Ready);
    }

    /// <summary>
    /// A local ICE candidate was gathered (trickle ICE). The answer from <see cref="AcceptOfferAsync"/> already
    /// carries every candidate, so a client that does not trickle may ignore this. Raised on the event loop.
    /// </summary>
    public event Action<IceCandidate>? LocalCandidate;

    /// <summary>
    /// The browser's microphone, decoded (Opus → 16 kHz mono float). Raised synchronously on a GStreamer streaming
    /// thread; the span is valid only during the call. Never raised when <see cref="WebRtcPeerOptions.ReceiveMicrophone"/>
    /// is false or the offer sends no audio.
    /// </summary>
    public event AudioSamplesHandler? MicrophoneAudio;

    /// <summary><see cref="ConnectionState"/> changed; raised on the event loop with the new state.</summary>
    public event Action<WebRtcConnectionState>? ConnectionStateChanged;

    /// <summary>
    /// The pipeline reported an error (a GStreamer ERROR message, e.g. an encoder failure), or an event handler
    /// threw. Raised on the event loop; nothing is ever thrown on a GStreamer thread. The session is usually lost:
    /// dispose the peer.
    /// </summary>
    public event Action<Exception>? Failed;

    /// <summary>The peer connection state, as webrtcbin last reported it (<see cref="WebRtcConnectionState.Closed"/> once disposed).</summary>
    public WebRtcConnectionState ConnectionState => (WebRtcConnectionState)Volatile.Read(ref _connectionState);

    /// <summary>
    /// The GStreamer element that encodes the video: <c>vp8enc</c>, <c>x264enc</c>, or <c>nvh264enc</c> (NVENC) for
    /// H.264 where GStreamer has it and <see cref="WebRtcPeerOptions.AllowHardwareEncoder"/> is set.
    /// </summary>
    public string VideoEncoder => _videoEncoding.Encoder;

    /// <summary>The settings this peer was created with (a copy taken by <see cref="Create"/>).</summary>
    internal WebRtcPeerOptions Options => _options;

    /// <summary>The pipeline, for tests that post bus messages.</summary>
    internal GstPipeline Pipeline => _pipeline;

    /// <summary>
    /// Builds the peer's pipeline (media starts flowing when the offer is accepted).
    /// </summary>
    /// <param name="options">The settings; validated and copied here (later changes have no effect).</param>
    /// <param name="timeProvider">The clock for the negotiation and ICE gathering timeouts; <see cref="TimeProvider.System"/> by default.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="GStreamerUnavailableException">GStreamer, its WebRTC library or an element (webrtcbin, libnice, an encoder) is missing.</exception>
    public static WebRtcPeer Create(WebRtcPeerOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Clone();
        options.Validate();
        GStreamerRuntime.EnsureInitialized();
        GStreamerRuntime.CheckLibraries(WebRtcLibraries.All);
        string encoder = PeerLaunch.VideoEncoder(options, GStreamerRuntime.HasElement);
        GStreamerRuntime.RequireElements(PeerLaunch.RequiredElements(options.Codec, encoder));
        var pipeline = GstPipeline.Parse(PeerLaunch.Build(options, encoder));
        try
        {
            return new WebRtcPeer(options, encoder, pipeline, timeProvider ?? TimeProvider.System);
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Adds a candidate the browser trickled. Candidates may come before, during or after
    /// <see cref="AcceptOfferAsync"/>; webrtcbin holds them until both descriptions are set.
    /// An empty <see cref="IceCandidate.Candidate"/> marks the end of the browser's candidates.
    /// </summary>
    /// <exception cref="ArgumentException">The candidate is malformed or names an m-line the offer does not have.</exception>
    /// <exception cref="ObjectDisposedException">The peer was disposed.</exception>
    public void AddRemoteCandidate(IceCandidate candidate)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        string text = candidate.Validate();
        int mediaCount = Volatile.Read(ref _remoteMediaCount);
        if (mediaCount > 0 && candidate.SdpMLineIndex >= mediaCount)
        {
            throw new ArgumentException(
                $"The ICE candidate names m-line {candidate.SdpMLineIndex}, but the offer has {mediaCount} m-lines.", nameof(candidate));
        }

        _webrtc.AddIceCandidate((uint)candidate.SdpMLineIndex, text);
    }

    /// <summary>
    /// Sends one video frame: <see cref="WebRtcPeerOptions.Width"/> × <see cref="WebRtcPeerOptions.Height"/> BGRx
    /// pixels (4 bytes each, no row padding), converted to I420 into a GStreamer buffer before this returns. Never blocks:
    /// frames pushed before the connection is up (<see cref="ConnectionState"/> Connected) are dropped, and when the
    /// encoder falls behind by more than a second of frames the oldest are dropped.
    /// </summary>
    /// <param name="bgrx">The frame; exactly Width × Height × 4 bytes.</param>
    /// <param name="pts">The frame's time on the session clock.</param>
    /// <exception cref="ArgumentException">The frame has the wrong size.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pts"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">The peer was disposed.</exception>
    public unsafe void PushVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (bgrx.Length != _videoConverter.BgrxBytes)
        {
            throw new ArgumentException(
                $"A video frame must be {_options.Width}×{_options.Height} BGRx = {_videoConverter.BgrxBytes} bytes; this one has {bgrx.Length}.",
                nameof(bgrx));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(pts, TimeSpan.Zero);
        pts = Rebase(pts);
        if (ConnectionState != WebRtcConnectionState.Connected)
        {
            // Until DTLS is up the transport holds what is pushed; sent later as one burst, it would fill the browser's
            // jitter buffers with a second of stale media (measured: 0.4–1 s of extra latency for the first seconds).
            return;
        }

        // Converted to I420 straight into the encoder's buffer, on this thread (≈ 40 µs for 512 × 512, benchmarks/RESULTS.md).
        AppSourcePush.PushI420(_videoSource, _videoConverter, bgrx, ToNs(pts), _videoFrameDurationNs);
        _framesHeld = 0;
    }

    /// <summary>
    /// The most frames in a row an unchanged picture is held without encoding (480 ms): often enough that a browser
    /// which lost a packet, or asked for a key frame, has a new frame within half a second.
    /// </summary>
    public const int MaxFramesHeld = 12;

    /// <summary>
    /// A frame with the same picture as the last one pushed: encoded and sent only when <see cref="MaxFramesHeld"/>
    /// frames in a row were held, or when no picture went out since the connection came up; otherwise nothing is
    /// encoded and the browser keeps showing the last picture (the voice goes on; RTP timestamps stay on the session
    /// clock, so the next picture is shown at its own time).
    /// </summary>
    /// <returns>False when the frame was held.</returns>
    /// <exception cref="ArgumentException">The frame has the wrong size.</exception>
    /// <exception cref="ObjectDisposedException">The peer was disposed.</exception>
    public bool PushUnchangedVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts)
    {
        if (_framesHeld is >= 0 and < MaxFramesHeld && bgrx.Length == _videoConverter.BgrxBytes && Volatile.Read(ref _disposed) == 0)
        {
            _framesHeld++;
            return false;
        }

        PushVideoFrame(bgrx, pts);
        return true;
    }

    /// <summary>
    /// Sends the avatar's voice: mono float samples in [-1, 1] at <paramref name="sampleRate"/> (resampled and
    /// Opus-encoded here). Never blocks; audio pushed before the connection is up (<see cref="ConnectionState"/>
    /// Connected) is dropped, and when encoding falls behind by more than a second the oldest audio is dropped.
    /// </summary>
    /// <param name="samples">Mono samples; copied before this returns.</param>
    /// <param name="sampleRate">Their rate in Hz (8000–48000); a change between calls renegotiates the resampler.</param>
    /// <param name="pts">The time of the first sample on the session clock.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is out of range, or <paramref name="pts"/> is negative.</exception>
    /// <exception cref="ObjectDisposedException">The peer was disposed.</exception>
    public unsafe void PushAudio(ReadOnlySpan<float> samples, int sampleRate, TimeSpan pts)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 48_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(pts, TimeSpan.Zero);
        pts = Rebase(pts);
        if (samples.IsEmpty || ConnectionState != WebRtcConnectionState.Connected)
        {
            return;
        }

        if (sampleRate != _audioRate)
        {
            // Only on a rate change: the caps string and caps are allocated once per change, not per push.
            nint caps = Gst.gst_caps_from_string(PeerLaunch.AudioCaps(sampleRate));
            GstApp.gst_app_src_set_caps(_audioSource, caps);
            Gst.gst_mini_object_unref(caps);
            _audioRate = sampleRate;
        }

        ulong duration = Gst.gst_util_uint64_scale_int((ulong)samples.Length, (int)GstLayout.Second, sampleRate);
        AppSourcePush.Push(_audioSource, MemoryMarshal.AsBytes(samples), ToNs(pts), duration);
    }

    /// <summary>
    /// Stops the pipeline (NULL state), disconnects every signal handler and frees the native objects; raises
    /// <see cref="ConnectionStateChanged"/> with <see cref="WebRtcConnectionState.Closed"/>. Idempotent. A pending
    /// <see cref="AcceptOfferAsync"/> is cancelled. Called from a <see cref="MicrophoneAudio"/> handler (a
    /// streaming thread, which stopping the pipeline would wait for), the teardown is finished on the thread pool.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_inMicrophoneCallback)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static peer => peer.TearDown(), this, preferLocal: false);
            return;
        }

        TearDown();
    }

    private static ulong ToNs(TimeSpan time) => (ulong)time.Ticks * 100;

    // PTS from the first push on (made before a push is dropped for want of a connection, so a session's own peer
    // keeps its session-clock PTS): the pipeline starts its running time at its first buffer, so a viewer that joins a
    // session 10 s in would otherwise have every buffer held 10 s downstream (measured: 3 frames decoded in 8 s). A
    // session's own peer starts at PTS 0, where this changes nothing. Video and audio share the origin, so they stay
    // in sync.
    private TimeSpan Rebase(TimeSpan pts)
    {
        if (_ptsOrigin < 0)
        {
            _ptsOrigin = pts.Ticks;
        }

        return pts.Ticks >= _ptsOrigin ? TimeSpan.FromTicks(pts.Ticks - _ptsOrigin) : TimeSpan.Zero;
    }

    private void TearDown()
    {
        _lifetime.Cancel();
        _pipeline.TrySetState(GstState.Null);
        _microphoneListener?.Dispose();
        _webrtc.Dispose();
        RemoveBusHandler();

        SetConnectionState(WebRtcConnectionState.Closed);
        _events.Complete();
        _pipeline.Dispose();
        _lifetime.Dispose();
    }

    private void SetConnectionState(WebRtcConnectionState state)
    {
        if (Interlocked.Exchange(ref _connectionState, (int)state) != (int)state)
        {
            _events.Post(() =>
            {
                ConnectionStateChanged?.Invoke(state);
                if (state is WebRtcConnectionState.Failed or WebRtcConnectionState.Closed)
                {
                    OnConnectionEnded(state);
                }
            });
        }
    }

    private void RaiseFailed(Exception error)
    {
        try
        {
            Failed?.Invoke(error);
        }
        catch (Exception)
        {
            // A Failed handler threw: nothing is left to report to, and the event loop must go on.
        }
    }
}
