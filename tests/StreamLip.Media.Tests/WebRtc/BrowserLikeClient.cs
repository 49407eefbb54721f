using System.Globalization;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;
using StreamLip.Media.WebRtc;
using StreamLip.Realtime;

namespace StreamLip.Media.Tests.WebRtc;

/// <summary>
/// A second webrtcbin that plays the browser: it offers audio (sendrecv from a 440 Hz audiotestsrc through Opus, or
/// recvonly) and recvonly video, decodes the video it receives (counting frames and measuring their colour) and
/// keeps the audio it receives (48 kHz mono). Built on the same internal binding as <see cref="WebRtcPeer"/>.
/// </summary>
internal sealed class BrowserLikeClient : IDisposable
{
    public const int AudioRate = 48_000;

    private readonly GstPipeline pipeline;
    private readonly WebRtcBin webrtc;
    private readonly AppSinkListener videoListener;
    private readonly AppSinkListener audioListener;
    private readonly GstObjectHandle videoDepay;
    private readonly GstObjectHandle audioDepay;
    private readonly float[] audio;
    private readonly Lock audioLock = new();
    private readonly TaskCompletionSource connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource gathered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int audioCount;
    private int framesDecoded;
    private int lastFrameBytes;
    private (double B, double G, double R) lastFrameMean;
    private int disposed;

    private BrowserLikeClient(BrowserLikeClientOptions options, GstPipeline pipeline)
    {
        this.pipeline = pipeline;
        audio = new float[AudioRate * options.AudioSecondsKept];
        webrtc = new WebRtcBin(pipeline.GetElement("webrtc"));
        videoDepay = pipeline.GetElement("video_depay");
        audioDepay = pipeline.GetElement("audio_depay");
        videoListener = AppSinkListener.Attach(pipeline.GetElement("video_sink"), OnFrame, e => Errors.Add(e));
        audioListener = AppSinkListener.Attach(pipeline.GetElement("audio_sink"), OnAudio, e => Errors.Add(e));
        webrtc.PadAdded += OnPadAdded;
        webrtc.IceCandidateGathered += (mline, candidate) => LocalCandidate?.Invoke(new IceCandidate(candidate, mline));
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
        webrtc.CallbackFailed += e => Errors.Add(e);

        string videoCaps = VideoCaps(options);
        string audioCaps = AudioCaps(options);
        if (options.Microphone)
        {
            using GstObjectHandle mic = WebRtcBin.TransceiverFedBy(pipeline.GetElement("mic_pay"));
            WebRtcBin.SetCodecPreferences(mic, audioCaps);
        }
        else
        {
            webrtc.AddTransceiver(TransceiverDirection.RecvOnly, audioCaps).Dispose();
        }

        webrtc.AddTransceiver(TransceiverDirection.RecvOnly, videoCaps).Dispose();
        pipeline.Play();
    }

    /// <summary>A local candidate (raised on a GStreamer thread).</summary>
    public event Action<IceCandidate>? LocalCandidate;

    /// <summary>Errors from the client's own callbacks (should stay empty).</summary>
    public System.Collections.Concurrent.ConcurrentBag<Exception> Errors { get; } = [];

    /// <summary>Video frames decoded so far.</summary>
    public int FramesDecoded => Volatile.Read(ref framesDecoded);

    /// <summary>Bytes of the last decoded BGRx frame (width × height × 4).</summary>
    public int LastFrameBytes => Volatile.Read(ref lastFrameBytes);

    /// <summary>The mean B, G, R of the last decoded frame.</summary>
    public (double B, double G, double R) LastFrameMean
    {
        get
        {
            lock (audioLock)
            {
                return lastFrameMean;
            }
        }
    }

    /// <summary>The client's connection state.</summary>
    public WebRtcConnectionState ConnectionState => webrtc.ConnectionState;

    public static BrowserLikeClient Create(BrowserLikeClientOptions? options = null)
    {
        options ??= new BrowserLikeClientOptions();
        var ci = CultureInfo.InvariantCulture;
        string mic = options.Microphone
            ? string.Create(
                ci,
                $"audiotestsrc is-live=true wave=sine freq={options.ToneHz} volume=0.4 ! audioconvert ! audioresample " +
                $"! opusenc ! rtpopuspay name=mic_pay pt={options.AudioPayloadType} ! webrtc. ")
            : "";
        string videoDecode = options.Codec == WebRtcVideoCodec.H264
            ? "rtph264depay name=video_depay ! h264parse ! avdec_h264"
            : "rtpvp8depay name=video_depay ! vp8dec";
        string launch =
            "webrtcbin name=webrtc bundle-policy=max-bundle latency=100 " + mic +
            $"{videoDecode} ! videoconvert ! video/x-raw,format=BGRx ! appsink name=video_sink sync=false async=false " +
            "rtpopusdepay name=audio_depay ! opusdec ! audioconvert ! audioresample " +
            $"! audio/x-raw,format=F32LE,layout=interleaved,rate={AudioRate},channels=1 ! appsink name=audio_sink sync=false async=false";
        GstPipeline pipeline = GstPipeline.Parse(launch);
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
    public async Task<string> CreateOfferAsync(bool waitForCandidates, CancellationToken cancellationToken = default)
    {
        using GstSessionDescriptionHandle offer = await webrtc.CreateOfferAsync(cancellationToken);
        string text = offer.ToText();
        await webrtc.SetLocalDescriptionAsync(offer, cancellationToken);
        if (!waitForCandidates)
        {
            return text;
        }

        await gathered.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        return webrtc.LocalDescriptionText!;
    }

    /// <summary>Waits until the client's ICE gathering completed.</summary>
    public Task CreateOfferGatheringAsync() => gathered.Task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Sets the server's answer.</summary>
    public async Task SetAnswerAsync(string answer, CancellationToken cancellationToken = default)
    {
        using GstSessionDescriptionHandle description = GstSessionDescriptionHandle.FromText(GstWebRtc.SdpTypeAnswer, answer);
        await webrtc.SetRemoteDescriptionAsync(description, cancellationToken);
    }

    /// <summary>Adds a candidate the server trickled.</summary>
    public void AddRemoteCandidate(IceCandidate candidate) => webrtc.AddIceCandidate((uint)candidate.SdpMLineIndex, candidate.Candidate);

    /// <summary>Waits until ICE and DTLS are up.</summary>
    public Task WaitForConnectedAsync(TimeSpan timeout) => connected.Task.WaitAsync(timeout);

    /// <summary>Waits until <paramref name="count"/> frames were decoded or <paramref name="timeout"/> passed; returns the count.</summary>
    public async Task<int> WaitForFramesAsync(int count, TimeSpan timeout)
    {
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (FramesDecoded < count && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20);
        }

        return FramesDecoded;
    }

    /// <summary>A copy of the audio received so far (48 kHz mono), up to the kept length.</summary>
    public float[] ReceivedAudio()
    {
        lock (audioLock)
        {
            return audio.AsSpan(0, audioCount).ToArray();
        }
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

    private static string VideoCaps(BrowserLikeClientOptions options) => options.Codec == WebRtcVideoCodec.H264
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload={options.VideoPayloadType}," +
            $"packetization-mode=(string)1,profile-level-id=(string)42e01f,level-asymmetry-allowed=(string)1")
        : string.Create(
            CultureInfo.InvariantCulture, $"application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,payload={options.VideoPayloadType}");

    private static string AudioCaps(BrowserLikeClientOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,payload={options.AudioPayloadType}");

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

    private void OnFrame(ReadOnlySpan<byte> bgrx, ulong ptsNs)
    {
        // Mean colour over every 16th pixel: enough to tell a solid test colour from garbage.
        double b = 0, g = 0, r = 0;
        int n = 0;
        for (int i = 0; i + 3 < bgrx.Length; i += 64)
        {
            b += bgrx[i];
            g += bgrx[i + 1];
            r += bgrx[i + 2];
            n++;
        }

        lock (audioLock)
        {
            lastFrameMean = (b / n, g / n, r / n);
        }

        Volatile.Write(ref lastFrameBytes, bgrx.Length);
        Interlocked.Increment(ref framesDecoded);
    }

    private void OnAudio(ReadOnlySpan<byte> data, ulong ptsNs)
    {
        ReadOnlySpan<float> samples = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data);
        lock (audioLock)
        {
            int n = Math.Min(samples.Length, audio.Length - audioCount);
            samples[..n].CopyTo(audio.AsSpan(audioCount));
            audioCount += n;
        }
    }
}
