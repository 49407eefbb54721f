using System.Globalization;
using StreamLip.Media.Pipelines;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Media.Outputs;

/// <summary>
/// Pushes a session to a livestream server: H.264 + AAC in FLV over RTMP(S) (<c>flvmux ! rtmp2sink</c>), or in MPEG-TS
/// over SRT as caller (<c>mpegtsmux ! srtsink</c>). Frames at session times are rebased so the stream starts at 0.
/// </summary>
/// <remarks>
/// Pushes never block: when the encoder or the network is a second behind, a push is dropped and counted
/// (<see cref="FramesDropped"/>). A refused or unreachable server, or a connection lost later, raises <see cref="Failed"/>
/// (a <see cref="LiveStreamException"/> naming the URL without its stream key, and the reason) within
/// <see cref="LiveStreamOptions.ConnectTimeoutSeconds"/> (RTMP) or SRT's 3 s connect timeout. Threads: as for every
/// <see cref="IMediaSink"/>; <see cref="Stop"/> and <see cref="Dispose"/> after the last push.
/// </remarks>
public sealed class LiveStreamOutput : IMediaSink
{
    /// <summary>FLV carries AAC at 44.1 kHz by convention (its header has no 48 kHz code).</summary>
    private const int FlvAacRate = 44_100;
    private const int TsAacRate = 48_000;

    private readonly OutputPipeline _pipeline;

    /// <summary>Connects and starts the encoding pipeline; the connection result comes later (<see cref="Failed"/>).</summary>
    /// <exception cref="ArgumentException">The URL or an option is invalid.</exception>
    /// <exception cref="GStreamerElementMissingException">An element (x264enc, AAC, flvmux/rtmp2sink or mpegtsmux/srtsink) is missing.</exception>
    /// <exception cref="LiveStreamException">The pipeline could not start.</exception>
    public LiveStreamOutput(LiveStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        EncodingOptions encoding = options.Encoding.Clone();
        Protocol = LiveStreamUrl.Parse(options.Url);
        Url = LiveStreamUrl.Redact(options.Url);
        bool srt = Protocol == LiveStreamProtocol.Srt;
        GStreamerRuntime.RequireElements(
            ["appsrc", "x264enc", "h264parse", "audioconvert", "audioresample", "aacparse", "queue",
            .. srt ? new[] { "mpegtsmux", "srtsink" } : ["flvmux", "rtmp2sink"]]);
        string aac = OutputLaunch.ChooseAacEncoder();

        // alignment=7: seven 188-byte TS packets per SRT payload (1316 bytes), what SRT receivers expect.
        string sink = srt
            ? $"mpegtsmux name={OutputLaunch.Muxer} alignment=7 ! srtsink name={OutputLaunch.Sink} sync=false async=false auto-reconnect=false"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"flvmux name={OutputLaunch.Muxer} streamable=true ! rtmp2sink name={OutputLaunch.Sink} sync=false async=false timeout={options.ConnectTimeoutSeconds}");
        string launch = OutputLaunch.Video(encoding) + OutputLaunch.Audio(encoding, aac, srt ? TsAacRate : FlvAacRate) + sink;
        string url = options.Url;
        int latency = options.SrtLatencyMs;
        _pipeline = OutputPipeline.Start(
            launch,
            encoding.Width,
            encoding.Height,
            encoding.Fps,
            OutputVideoFeed.I420,
            audio: true,
            p =>
            {
                var element = p.GetElement(OutputLaunch.Sink);
                if (srt)
                {
                    // Latency first: a latency= in the URL's query then wins.
                    GObjectProperty.Set(element, "latency", latency);
                    GObjectProperty.Set(element, "uri", url);
                }
                else
                {
                    GObjectProperty.Set(element, "location", url);
                }
            },
            Describe);
    }

    /// <inheritdoc />
    /// <remarks>A handler added after the failure (it may come while the pipeline starts) is called at once on the thread pool.</remarks>
    public event Action<Exception>? Failed
    {
        add => _pipeline.Failed += value;
        remove => _pipeline.Failed -= value;
    }

    /// <summary>The URL without secrets (stream key, query).</summary>
    public string Url { get; }

    /// <summary>RTMP, RTMPS or SRT.</summary>
    public LiveStreamProtocol Protocol { get; }

    /// <summary>Frames handed to the encoder.</summary>
    public long FramesSent => _pipeline.FramesSent;

    /// <summary>Frames dropped because the encoder or the network fell a second behind.</summary>
    public long FramesDropped => _pipeline.FramesDropped;

    /// <summary>Audio pushes dropped for the same reason.</summary>
    public long AudioChunksDropped => _pipeline.AudioChunksDropped;

    /// <summary>Stream time sent so far (first frame to last frame's end).</summary>
    public TimeSpan Duration => _pipeline.Duration;

    /// <inheritdoc />
    public void PushVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts) => _pipeline.PushVideo(bgrx, pts);

    /// <inheritdoc />
    public void PushAudio(ReadOnlySpan<float> samples, int sampleRate, TimeSpan pts) => _pipeline.PushAudio(samples, sampleRate, pts);

    /// <summary>Ends the stream cleanly (the muxer flushes, RTMP unpublishes) and closes the connection.</summary>
    /// <exception cref="LiveStreamException">The stream had failed, or failed while ending.</exception>
    /// <exception cref="TimeoutException">The server did not take the end within <paramref name="timeout"/> (the stream is closed anyway).</exception>
    public void Stop(TimeSpan timeout) => _pipeline.Finish(timeout);

    /// <summary>Closes the connection at once. Idempotent.</summary>
    public void Dispose() => _pipeline.Dispose();

    private LiveStreamException Describe(GStreamerPipelineException e) => new(Url, e.ErrorMessage ?? e.Message, e);
}
