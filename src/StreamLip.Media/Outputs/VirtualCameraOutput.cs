using StreamLip.Media.Pipelines;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Media.Outputs;

/// <summary>
/// Shows a session as a webcam: BGRx frames → <c>videoconvert</c> → YUY2 or I420 → <c>v4l2sink</c> on a v4l2loopback
/// device, which OBS ("Video Capture Device (V4L2)"), Zoom or a browser then open. Video only: the avatar's voice is
/// not a camera's business (<see cref="PushAudio"/> ignores it).
/// </summary>
/// <remarks>
/// Opening fails with a <see cref="VirtualCameraUnavailableException"/> that says how to load the module when there is
/// no device. Pushes never block (dropped and counted a second behind). Threads: as for every <see cref="IMediaSink"/>.
/// </remarks>
public sealed class VirtualCameraOutput : IMediaSink
{
    private readonly OutputPipeline _pipeline;

    /// <summary>Opens the device and starts writing to it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="VirtualCameraUnavailableException">No loopback device, or the device could not be opened or
    /// refused the format (the message says which and how to get one).</exception>
    /// <exception cref="GStreamerElementMissingException">v4l2sink (gstreamer1.0-plugins-good) is missing.</exception>
    public VirtualCameraOutput(VirtualCameraOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Device = VirtualCameraDevices.Resolve(options.Device);
        GStreamerRuntime.RequireElements("appsrc", "videoconvert", "v4l2sink");
        string format = options.Format == VirtualCameraFormat.I420 ? "I420" : "YUY2";
        string launch = OutputLaunch.VideoSourceOf(options.Width, options.Height, options.Fps)
            + $"videoconvert ! video/x-raw,format={format} ! v4l2sink name={OutputLaunch.Sink} sync=false async=false";
        string device = Device;
        _pipeline = OutputPipeline.Start(
            launch,
            options.Width,
            options.Height,
            options.Fps,
            OutputVideoFeed.Bgrx,
            audio: false,
            p => GObjectProperty.Set(p.GetElement(OutputLaunch.Sink), "device", device),
            Describe);
    }

    /// <inheritdoc />
    /// <remarks>A handler added after the failure (it may come while the pipeline starts) is called at once on the thread pool.</remarks>
    public event Action<Exception>? Failed
    {
        add => _pipeline.Failed += value;
        remove => _pipeline.Failed -= value;
    }

    /// <summary>The device written to, e.g. <c>/dev/video10</c>.</summary>
    public string Device { get; }

    /// <summary>Frames handed to the device.</summary>
    public long FramesSent => _pipeline.FramesSent;

    /// <summary>Frames dropped because the device fell a second behind.</summary>
    public long FramesDropped => _pipeline.FramesDropped;

    /// <inheritdoc />
    public void PushVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts) => _pipeline.PushVideo(bgrx, pts);

    /// <summary>Ignored: a camera has no sound.</summary>
    public void PushAudio(ReadOnlySpan<float> samples, int sampleRate, TimeSpan pts)
    {
    }

    /// <summary>Stops writing and closes the device. Idempotent.</summary>
    public void Dispose() => _pipeline.Dispose();

    private VirtualCameraUnavailableException Describe(GStreamerPipelineException e) =>
        new($"The virtual camera {Device} failed: {e.ErrorMessage ?? e.Message}. Is it a v4l2loopback device, and not held by another writer? "
            + VirtualCameraUnavailableException.SetupHint, e);
}
