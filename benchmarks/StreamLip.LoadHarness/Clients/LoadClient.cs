using System.Collections.Concurrent;
using System.Globalization;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;
using StreamLip.Media.WebRtc;

namespace StreamLip.LoadHarness.Clients;

/// <summary>
/// One headless "browser": a webrtcbin that offers sendrecv Opus audio (its microphone is an appsrc the
/// <see cref="MicrophoneFeeder"/> pushes speech into, 20 ms at a time) and recvonly VP8 (or H.264) video, decodes the video it
/// receives and counts the frames, and decodes and counts the avatar's voice. The harness's own copy of the Media
/// tests' BrowserLikeClient, cut down to what a load run needs (no colour measurement, no BGRx conversion: the
/// decoder's I420 goes straight to the appsink, so the client costs what a browser's decoder costs, not more).
/// A light client (<see cref="Create"/> with <c>light</c>) pushes Opus packets encoded once for all clients
/// (<see cref="Speech.EncodedSpeech"/>) and counts the video frames depayloaded without decoding them: what is left
/// of the clients' CPU on the machine is then the transport (ICE, DTLS/SRTP, jitter buffers).
/// </summary>
internal sealed class LoadClient : IDisposable
{
    /// <summary>The microphone's rate: 48 kHz mono float, what a browser captures.</summary>
    public const int MicrophoneRate = 48_000;

    /// <summary>Samples per microphone push: 20 ms at 48 kHz, a browser's capture quantum.</summary>
    public const int ChunkSamples = MicrophoneRate / 50;

    /// <summary>Opus payload type, as Chromium offers it.</summary>
    private const int AudioPayloadType = 111;

    /// <summary>Video payload type (Chromium offers VP8 as 96).</summary>
    private const int VideoPayloadType = 96;

    /// <summary>Nanoseconds of one push (its buffer duration).</summary>
    private const ulong ChunkNs = 20_000_000;

    private static readonly TimeSpan GatheringTimeout = TimeSpan.FromSeconds(10);

    private readonly GstPipeline pipeline;
    private readonly WebRtcBin webrtc;
    private readonly GstObjectHandle microphone;
    private readonly GstObjectHandle videoDepay;
    private readonly GstObjectHandle audioDepay;
    private readonly AppSinkListener videoListener;
    private readonly AppSinkListener audioListener;
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource gathered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long frames;
    private long audioSamplesReceived;
    private int disposed;

    private LoadClient(GstPipeline pipeline, WebRtcVideoCodec codec)
    {
        this.pipeline = pipeline;
        webrtc = new WebRtcBin(pipeline.GetElement("webrtc"));
        microphone = pipeline.GetElement("mic_src");
        videoDepay = pipeline.GetElement("video_depay");
        audioDepay = pipeline.GetElement("audio_depay");
        videoListener = AppSinkListener.Attach(pipeline.GetElement("video_sink"), OnFrame, Errors.Add);
        audioListener = AppSinkListener.Attach(pipeline.GetElement("audio_sink"), OnAudio, Errors.Add);
        webrtc.PadAdded += OnPadAdded;
        webrtc.IceGatheringStateChanged += () =>
        {
            if (webrtc.IceGatheringState == 2)
            {
                gathered.TrySetResult();
            }
        };
        webrtc.ConnectionStateChanged += () =>
        {
            if (webrtc.ConnectionState == WebRtcConnectionState.Connected)
            {
                connected.TrySetResult();
            }
        };
        webrtc.CallbackFailed += Errors.Add;

        // Codec preferences before the offer, so the offer never races the payloader's caps (see DESIGN.md).
        using (GstObjectHandle mic = WebRtcBin.TransceiverFedBy(pipeline.GetElement("mic_pay")))
        {
            WebRtcBin.SetCodecPreferences(mic, string.Create(
                CultureInfo.InvariantCulture, $"application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,payload={AudioPayloadType}"));
        }

        webrtc.AddTransceiver(TransceiverDirection.RecvOnly, VideoCaps(codec)).Dispose();
        pipeline.Play();
    }

    /// <summary>Errors from the client's own callbacks (should stay empty).</summary>
    public ConcurrentBag<Exception> Errors { get; } = [];

    /// <summary>Video frames received so far: decoded, or for a light client depayloaded.</summary>
    public long Frames => Interlocked.Read(ref frames);

    /// <summary>Samples of the avatar's voice decoded so far (48 kHz mono).</summary>
    public long AudioSamplesReceived => Interlocked.Read(ref audioSamplesReceived);

    /// <summary>The peer connection state.</summary>
    public WebRtcConnectionState ConnectionState => webrtc.ConnectionState;

    /// <summary>Builds and starts a client's pipeline (nothing is sent before an offer is answered).</summary>
    /// <param name="codec">The video codec to offer; the server must be set to send it (StreamLip:WebRtc:VideoCodec).</param>
    /// <param name="light">Push pre-encoded Opus (<see cref="Speech.EncodedSpeech.Caps"/>) and do not decode the video.</param>
    public static LoadClient Create(WebRtcVideoCodec codec, bool light)
    {
        string videoDecode = (codec, light) switch
        {
            (WebRtcVideoCodec.H264, false) => "rtph264depay name=video_depay ! h264parse ! avdec_h264",
            (WebRtcVideoCodec.H264, true) => "rtph264depay name=video_depay",
            (_, false) => "rtpvp8depay name=video_depay ! vp8dec",
            (_, true) => "rtpvp8depay name=video_depay",
        };
        string microphone = light
            ? $"caps=\"{Speech.EncodedSpeech.Caps}\" ! "
            : $"caps=\"audio/x-raw,format=F32LE,layout=interleaved,rate={MicrophoneRate},channels=1\" ! audioconvert ! opusenc audio-type=voice ! ";
        string launch = string.Create(
            CultureInfo.InvariantCulture,
            $"webrtcbin name=webrtc bundle-policy=max-bundle latency=100 " +
            // The microphone: timestamped at push (do-timestamp), like a capture device; leaky so a stalled encoder
            // drops old speech instead of blocking the feeder that serves every client.
            $"appsrc name=mic_src format=time is-live=true do-timestamp=true leaky-type=downstream max-time=1000000000 max-bytes=0 " +
            $"{microphone}rtpopuspay name=mic_pay pt={AudioPayloadType} ! webrtc. " +
            $"{videoDecode} ! appsink name=video_sink sync=false async=false " +
            $"rtpopusdepay name=audio_depay ! opusdec ! audioconvert ! audio/x-raw,format=S16LE,channels=1 ! appsink name=audio_sink sync=false async=false");
        GstPipeline pipeline = GstPipeline.Parse(launch);
        try
        {
            return new LoadClient(pipeline, codec);
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }
    }

    /// <summary>Creates and sets the offer, and returns it once ICE gathering completed (non-trickle: candidates inside).</summary>
    public async Task<string> CreateOfferAsync(CancellationToken cancellationToken)
    {
        using GstSessionDescriptionHandle offer = await webrtc.CreateOfferAsync(cancellationToken).ConfigureAwait(false);
        await webrtc.SetLocalDescriptionAsync(offer, cancellationToken).ConfigureAwait(false);
        await gathered.Task.WaitAsync(GatheringTimeout, cancellationToken).ConfigureAwait(false);
        return webrtc.LocalDescriptionText ?? throw new InvalidOperationException("The client has no local description after gathering.");
    }

    /// <summary>Sets the server's (complete) answer.</summary>
    public async Task SetAnswerAsync(string answer, CancellationToken cancellationToken)
    {
        using GstSessionDescriptionHandle description = GstSessionDescriptionHandle.FromText(GstWebRtc.SdpTypeAnswer, answer);
        await webrtc.SetRemoteDescriptionAsync(description, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until ICE and DTLS are up.</summary>
    public Task WaitForConnectedAsync(TimeSpan timeout, CancellationToken cancellationToken) => connected.Task.WaitAsync(timeout, cancellationToken);

    /// <summary>
    /// Pushes one 20 ms microphone chunk (F32LE mono at <see cref="MicrophoneRate"/>, or one Opus packet for a light
    /// client; copied before this returns). Never blocks: the appsrc is leaky. Called from the feeder's thread only.
    /// </summary>
    public unsafe void PushMicrophone(ReadOnlySpan<byte> bytes)
    {
        if (Volatile.Read(ref disposed) != 0 || bytes.IsEmpty)
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
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        pipeline.TrySetState(GstState.Null);
        videoListener.Dispose();
        audioListener.Dispose();
        webrtc.Dispose();
        pipeline.Dispose();
    }

    private static string VideoCaps(WebRtcVideoCodec codec) => codec == WebRtcVideoCodec.H264
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload={VideoPayloadType}," +
            $"packetization-mode=(string)1,profile-level-id=(string)42e01f,level-asymmetry-allowed=(string)1")
        : string.Create(CultureInfo.InvariantCulture, $"application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,payload={VideoPayloadType}");

    private void OnPadAdded(nint pad)
    {
        string caps = WebRtcBin.CapsOf(pad) ?? "";
        GstObjectHandle depay = caps.Contains("media=(string)video", StringComparison.Ordinal) ? videoDepay : audioDepay;
        using GstObjectHandle sink = Gst.gst_element_get_static_pad(depay, "sink");
        using SafeHandleLease sinkPad = new(sink);
        int result = Gst.gst_pad_link(pad, sinkPad.Pointer);
        if (result != 0)
        {
            Errors.Add(new InvalidOperationException($"The client could not link {caps}: {result}"));
        }
    }

    // Streaming threads: count only, touch no pixels (a browser would hand the frame to its compositor).
    private void OnFrame(ReadOnlySpan<byte> frame, ulong ptsNs) => Interlocked.Increment(ref frames);

    private void OnAudio(ReadOnlySpan<byte> s16, ulong ptsNs) => Interlocked.Add(ref audioSamplesReceived, s16.Length / sizeof(short));
}
