using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;
using StreamLip.Media.WebRtc;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Tests.Shared.WebRtc;

/// <summary>
/// A headless "browser": a webrtcbin, on the same internal binding as <see cref="WebRtcPeer"/>, that offers Opus audio
/// (sendrecv with a microphone, recvonly without) and recvonly VP8 or H.264 video (or both) as a page does, and counts the video
/// frames and voice samples it receives. The one such client of the Media tests (against a <see cref="WebRtcPeer"/> on
/// loopback), the cluster test and the load harness (against a server); it lives in <c>tests/Shared/WebRtc</c> and each
/// of those projects compiles it in (<c>Compile Include</c>, like the other <c>tests/Shared</c> folders), since the
/// harness is no test project and the tests need no harness code.
/// <para>
/// <see cref="BrowserLikeClientOptions"/> chooses the microphone (<see cref="MicrophoneSource"/>: a test tone, PCM or
/// pre-encoded Opus pushed through <see cref="PushMicrophone"/>, or none), what becomes of the video
/// (<see cref="VideoHandling"/>: decoded to BGRx with its colour measured, decoded to I420 and counted, or only
/// depayloaded and counted), the codec and payload types, and how much received audio is kept. Those choices change
/// only the pipeline's branches (<see cref="Launch"/>); signalling, ICE gathering, connection state and counting are
/// the same for every client.
/// </para>
/// </summary>
internal sealed partial class BrowserLikeClient : IDisposable
{
    /// <summary>The rate of the microphone and of the voice received: 48 kHz mono, what a browser captures and plays.</summary>
    public const int AudioRate = 48_000;

    /// <summary>Samples in one microphone push: 20 ms at <see cref="AudioRate"/>, a browser's capture quantum.</summary>
    public const int ChunkSamples = AudioRate / 50;

    /// <summary>The caps of the packets a <see cref="MicrophoneSource.OpusPackets"/> microphone takes: 48 kHz mono Opus.</summary>
    public const string OpusPacketCaps = "audio/x-opus,channel-mapping-family=(int)0,channels=(int)1,rate=(int)48000";

    /// <summary>Nanoseconds of one push (its buffer duration).</summary>
    private const ulong ChunkNs = 20_000_000;

    private static readonly TimeSpan GatheringTimeout = TimeSpan.FromSeconds(10);

    private readonly BrowserLikeClientOptions _options;
    private readonly GstPipeline _pipeline;
    private readonly WebRtcBin _webrtc;
    private readonly GstObjectHandle? _microphone;
    private readonly Dictionary<WebRtcVideoCodec, GstObjectHandle> _videoDepays = [];
    private readonly GstObjectHandle _audioDepay;
    private readonly AppSinkListener _videoListener;
    private readonly AppSinkListener _audioListener;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gathered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Received audio kept for ReceivedAudio (48 kHz mono floats, empty when none is kept) and the last frame's mean
    // colour, both under _lock: the streaming threads write them, the caller reads.
    private readonly float[] _audio;
    private readonly Lock _lock = new();
    private int _audioKept;
    private (double B, double G, double R) _lastFrameMean;
    private byte[]? _lastFrame;

    private long _frames;
    private long _audioSamplesReceived;
    private int _lastFrameBytes;
    private string? _receivedVideoCodec;
    private int _disposed;

    private BrowserLikeClient(BrowserLikeClientOptions options, GstPipeline pipeline)
    {
        _options = options;
        _pipeline = pipeline;
        _audio = new float[AudioRate * options.AudioSecondsKept];
        _webrtc = new WebRtcBin(pipeline.GetElement("webrtc"));
        _microphone = options.Microphone is MicrophoneSource.Pcm or MicrophoneSource.OpusPackets ? pipeline.GetElement("mic_src") : null;
        WebRtcVideoCodec[] offered = options.SecondCodec is { } second ? [options.Codec, second] : [options.Codec];
        foreach (WebRtcVideoCodec codec in offered)
        {
            _videoDepays[codec] = pipeline.GetElement(DepayloaderName(codec));
        }

        _audioDepay = pipeline.GetElement("audio_depay");
        _videoListener = AppSinkListener.Attach(pipeline.GetElement("video_sink"), OnFrame, Errors.Add);
        _audioListener = AppSinkListener.Attach(pipeline.GetElement("audio_sink"), OnAudio, Errors.Add);
        _webrtc.PadAdded += OnPadAdded;
        _webrtc.IceCandidateGathered += (mline, candidate) => LocalCandidate?.Invoke(new IceCandidate(candidate, mline));
        _webrtc.IceGatheringStateChanged += () =>
        {
            if (_webrtc.IceGatheringState == 2)
            {
                _gathered.TrySetResult();
            }
        };
        _webrtc.ConnectionStateChanged += () =>
        {
            if (_webrtc.ConnectionState == WebRtcConnectionState.Connected)
            {
                _connected.TrySetResult();
            }
        };
        _webrtc.CallbackFailed += Errors.Add;

        // Codec preferences before the offer, so the offer never races the payloader's caps (see DESIGN.md).
        string audioCaps = AudioCaps(options);
        if (options.Microphone != MicrophoneSource.None)
        {
            using GstObjectHandle mic = WebRtcBin.TransceiverFedBy(pipeline.GetElement("mic_pay"));
            WebRtcBin.SetCodecPreferences(mic, audioCaps);
        }
        else
        {
            _webrtc.AddTransceiver(TransceiverDirection.RecvOnly, audioCaps).Dispose();
        }

        _webrtc.AddTransceiver(TransceiverDirection.RecvOnly, VideoCaps(options)).Dispose();
        pipeline.Play();
    }

    /// <summary>A local candidate (raised on a GStreamer thread).</summary>
    public event Action<IceCandidate>? LocalCandidate;

    /// <summary>Errors from the client's own callbacks (should stay empty).</summary>
    public ConcurrentBag<Exception> Errors { get; } = [];

    /// <summary>Video frames received so far: decoded, or depayloaded with <see cref="VideoHandling.Depayload"/>.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>Bytes of the last frame at the video sink (with <see cref="VideoHandling.DecodeToBgrx"/>: width × height × 4).</summary>
    public int LastFrameBytes => Volatile.Read(ref _lastFrameBytes);

    /// <summary>The mean B, G, R of the last frame with <see cref="VideoHandling.DecodeToBgrx"/> (zeros otherwise).</summary>
    public (double B, double G, double R) LastFrameMean
    {
        get
        {
            lock (_lock)
            {
                return _lastFrameMean;
            }
        }
    }

    /// <summary>A copy of the last decoded BGRx frame with <see cref="BrowserLikeClientOptions.KeepLastFrame"/>; null before
    /// the first frame or without that option.</summary>
    public byte[]? LastFrame()
    {
        lock (_lock)
        {
            return _lastFrame?.ToArray();
        }
    }

    /// <summary>Samples of voice decoded so far (48 kHz mono), kept or not.</summary>
    public long AudioSamplesReceived => Interlocked.Read(ref _audioSamplesReceived);

    /// <summary>
    /// The video codec the server sends, as webrtcbin's receive pad names it (<c>VP8</c>, <c>H264</c>), once the first
    /// video packet came; null before.
    /// </summary>
    public string? ReceivedVideoCodec => Volatile.Read(ref _receivedVideoCodec);

    /// <summary>The client's connection state.</summary>
    public WebRtcConnectionState ConnectionState => _webrtc.ConnectionState;

    /// <summary>Builds and starts a client's pipeline (nothing is sent before an offer is answered).</summary>
    /// <param name="options">What to offer and do; null for the defaults (the Media tests' client).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public static BrowserLikeClient Create(BrowserLikeClientOptions? options = null)
    {
        options ??= new BrowserLikeClientOptions();
        options.Validate();
        var pipeline = GstPipeline.Parse(Launch(options));
        try
        {
            return new BrowserLikeClient(options, pipeline);
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates and sets the offer; with <paramref name="waitForCandidates"/> returns it after ICE gathering, with
    /// the candidates inside (non-trickle), otherwise right away (candidates then come as <see cref="LocalCandidate"/>).
    /// </summary>
    /// <exception cref="TimeoutException">Gathering took more than 10 s.</exception>
    public async Task<string> CreateOfferAsync(bool waitForCandidates, CancellationToken cancellationToken = default)
    {
        using GstSessionDescriptionHandle offer = await _webrtc.CreateOfferAsync(cancellationToken).ConfigureAwait(false);
        string text = offer.ToText();
        await _webrtc.SetLocalDescriptionAsync(offer, cancellationToken).ConfigureAwait(false);
        if (!waitForCandidates)
        {
            return text;
        }

        await WaitForGatheringAsync(cancellationToken).ConfigureAwait(false);
        return _webrtc.LocalDescriptionText ?? throw new InvalidOperationException("The client has no local description after gathering.");
    }

    /// <summary>Waits (10 s at most) until the client's ICE gathering completed.</summary>
    public Task WaitForGatheringAsync(CancellationToken cancellationToken = default) => _gathered.Task.WaitAsync(GatheringTimeout, cancellationToken);

    /// <summary>Sets the server's answer.</summary>
    public async Task SetAnswerAsync(string answer, CancellationToken cancellationToken = default)
    {
        using var description = GstSessionDescriptionHandle.FromText(GstWebRtc.SdpTypeAnswer, answer);
        await _webrtc.SetRemoteDescriptionAsync(description, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a candidate the server trickled.</summary>
    public void AddRemoteCandidate(IceCandidate candidate) => _webrtc.AddIceCandidate((uint)candidate.SdpMLineIndex, candidate.Candidate);

    /// <summary>Waits until ICE and DTLS are up.</summary>
    public Task WaitForConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => _connected.Task.WaitAsync(timeout, cancellationToken);

    /// <summary>Waits until <paramref name="count"/> frames were received or <paramref name="timeout"/> passed; returns the count.</summary>
    public async Task<long> WaitForFramesAsync(long count, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Frames < count && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20).ConfigureAwait(false);
        }

        return Frames;
    }

    /// <summary>A copy of the audio received so far (48 kHz mono), up to <see cref="BrowserLikeClientOptions.AudioSecondsKept"/>.</summary>
    public float[] ReceivedAudio()
    {
        lock (_lock)
        {
            return _audio.AsSpan(0, _audioKept).ToArray();
        }
    }

    /// <summary>
    /// Pushes one 20 ms microphone chunk: <see cref="ChunkSamples"/> F32LE samples with <see cref="MicrophoneSource.Pcm"/>,
    /// one Opus packet with <see cref="MicrophoneSource.OpusPackets"/> (copied before this returns). Never blocks: the
    /// appsrc is leaky. Called from one thread at a time (the harness's feeder).
    /// </summary>
    /// <exception cref="InvalidOperationException">The client's microphone is not an appsrc.</exception>
    public unsafe void PushMicrophone(ReadOnlySpan<byte> bytes)
    {
        GstObjectHandle microphone = _microphone
            ?? throw new InvalidOperationException($"The client's microphone is {_options.Microphone}: nothing can be pushed into it.");
        if (Volatile.Read(ref _disposed) != 0 || bytes.IsEmpty)
        {
            return;
        }

        nint buffer = Gst.gst_buffer_new_allocate(0, (nuint)bytes.Length, 0);
        if (buffer == 0)
        {
            throw new OutOfMemoryException($"GStreamer could not allocate a {bytes.Length}-byte buffer.");
        }

        fixed (byte* source = bytes)
        {
            Gst.gst_buffer_fill(buffer, 0, source, (nuint)bytes.Length);
        }

        // PTS left unset: do-timestamp stamps it with the pipeline's running time, as a capture device would.
        GstLayout.SetTimestamps(buffer, GstLayout.ClockTimeNone, ChunkNs);

        // Takes the buffer whatever it returns; FLUSHING (stopping) just drops it.
        GstApp.gst_app_src_push_buffer(microphone, buffer);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _pipeline.TrySetState(GstState.Null);
        _videoListener.Dispose();
        _audioListener.Dispose();
        _webrtc.Dispose();
        _pipeline.Dispose();
    }

    private void OnPadAdded(nint pad)
    {
        string caps = WebRtcBin.CapsOf(pad) ?? "";
        GstObjectHandle depay = _audioDepay;
        if (caps.Contains("media=(string)video", StringComparison.Ordinal))
        {
            WebRtcVideoCodec codec = caps.Contains("encoding-name=(string)H264", StringComparison.OrdinalIgnoreCase) ? WebRtcVideoCodec.H264 : WebRtcVideoCodec.Vp8;
            Volatile.Write(ref _receivedVideoCodec, codec == WebRtcVideoCodec.H264 ? "H264" : "VP8");
            if (!_videoDepays.TryGetValue(codec, out GstObjectHandle? video))
            {
                Errors.Add(new InvalidOperationException($"The server sends video the client did not offer: {caps}"));
                return;
            }

            depay = video;
        }

        using GstObjectHandle sink = Gst.gst_element_get_static_pad(depay, "sink");
        using SafeHandleLease sinkPad = new(sink);
        int result = Gst.gst_pad_link(pad, sinkPad.Pointer);
        if (result != 0)
        {
            Errors.Add(new InvalidOperationException($"The client could not link {caps}: {result}"));
        }
    }

    // Streaming thread. Only a BGRx client touches pixels; the others count, as a browser hands the frame to its compositor.
    private void OnFrame(ReadOnlySpan<byte> frame, ulong ptsNs)
    {
        if (_options.Video == VideoHandling.DecodeToBgrx)
        {
            // Mean colour over every 16th pixel: enough to tell a solid test colour from garbage.
            double b = 0, g = 0, r = 0;
            int n = 0;
            for (int i = 0; i + 3 < frame.Length; i += 64)
            {
                b += frame[i];
                g += frame[i + 1];
                r += frame[i + 2];
                n++;
            }

            lock (_lock)
            {
                _lastFrameMean = (b / n, g / n, r / n);
                if (_options.KeepLastFrame)
                {
                    if (_lastFrame?.Length != frame.Length)
                    {
                        _lastFrame = new byte[frame.Length];
                    }

                    frame.CopyTo(_lastFrame);
                }
            }
        }

        Volatile.Write(ref _lastFrameBytes, frame.Length);
        Interlocked.Increment(ref _frames);
    }

    // Streaming thread: S16LE mono, counted, and kept as floats (s / 32768, as audioconvert scales) while there is room.
    private void OnAudio(ReadOnlySpan<byte> data, ulong ptsNs)
    {
        ReadOnlySpan<short> samples = MemoryMarshal.Cast<byte, short>(data);
        Interlocked.Add(ref _audioSamplesReceived, samples.Length);
        if (_audio.Length == 0)
        {
            return;
        }

        lock (_lock)
        {
            int n = Math.Min(samples.Length, _audio.Length - _audioKept);
            Span<float> kept = _audio.AsSpan(_audioKept, n);
            for (int i = 0; i < n; i++)
            {
                kept[i] = samples[i] / 32768f;
            }

            _audioKept += n;
        }
    }
}
