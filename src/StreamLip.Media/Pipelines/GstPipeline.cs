using StreamLip.Media.Native;

namespace StreamLip.Media.Pipelines;

/// <summary>
/// One pipeline built with <c>gst_parse_launch</c>: elements by name, state changes, and its bus turned into
/// results (EOS) and exceptions (ERROR messages, with GStreamer's GError text and debug string).
/// Not thread-safe: one caller at a time, except that <see cref="Bus"/> may be read by one watcher thread
/// and <see cref="TrySetState"/> called from it. Dispose sets the NULL state, then drops every reference.
/// </summary>
internal sealed class GstPipeline : IDisposable
{
    /// <summary>How long one wait on the bus or an appsink lasts before cancellation is checked again.</summary>
    private const ulong PollNs = 100_000_000;

    /// <summary>How long <see cref="PullSample"/> waits for a sample, EOS or error before it gives up.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    private readonly GstObjectHandle _pipeline;
    private readonly GstObjectHandle _bus;
    private readonly List<GstObjectHandle> _elements = [];
    private bool _disposed;

    private GstPipeline(GstObjectHandle pipeline, string description)
    {
        _pipeline = pipeline;
        Description = description;
        _bus = Gst.gst_element_get_bus(pipeline);
    }

    /// <summary>The launch description this pipeline was built from.</summary>
    public string Description { get; }

    /// <summary>The pipeline's bus, for a watcher thread.</summary>
    public GstObjectHandle Bus => _bus;

    /// <summary>The last WARNING message seen while draining the bus, if any.</summary>
    public GStreamerPipelineException? LastWarning { get; private set; }

    /// <summary>Builds a pipeline from a gst-launch description.</summary>
    /// <exception cref="GStreamerPipelineException">The description did not parse (unknown element, bad syntax...).</exception>
    public static GstPipeline Parse(string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        GStreamerRuntime.EnsureInitialized();
        nint raw = Gst.gst_parse_launch(description, out nint error);
        if (raw != 0)
        {
            // The result is floating: sink it so this wrapper owns the one reference.
            Gst.gst_object_ref_sink(raw);
        }

        if (error != 0)
        {
            if (raw != 0)
            {
                Gst.gst_object_unref(raw);
            }

            (string domain, int code, string message) = GError.Take(error);
            throw new GStreamerPipelineException(
                $"GStreamer could not build the pipeline '{description}': {message}", domain, code, message, null, null);
        }

        if (raw == 0)
        {
            throw new GStreamerPipelineException($"GStreamer could not build the pipeline '{description}'.");
        }

        return new GstPipeline(new GstObjectHandle(raw), description);
    }

    /// <summary>The element named <paramref name="name"/>; the pipeline keeps the reference and drops it on Dispose.</summary>
    public GstObjectHandle GetElement(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        GstObjectHandle element = Gst.gst_bin_get_by_name(_pipeline, name);
        if (element.IsInvalid)
        {
            element.Dispose();
            throw new ArgumentException($"The pipeline has no element named '{name}'.", nameof(name));
        }

        _elements.Add(element);
        return element;
    }

    /// <summary>
    /// The duration the stream's container or parser states (a FLAC or MP4 header, an MP3's bit rate), once the
    /// pipeline has started; null when it states none.
    /// </summary>
    public TimeSpan? QueryDuration()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Gst.gst_element_query_duration(_pipeline, Gst.FormatTime, out long ns) != 0 && ns > 0
            ? TimeSpan.FromTicks(ns / 100)
            : null;
    }

    /// <summary>Starts the pipeline; errors that surface later arrive on the bus.</summary>
    public void Play() => SetState(GstState.Playing);

    /// <summary>Requests <paramref name="state"/>; a failure throws the error the bus explains it with.</summary>
    public void SetState(GstState state)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Gst.gst_element_set_state(_pipeline, state) == GstStateChangeReturn.Failure)
        {
            nint message = Gst.gst_bus_timed_pop_filtered(_bus, 0, GstMessageType.Error);
            if (message != 0)
            {
                try
                {
                    throw GstMessages.ToException(message);
                }
                finally
                {
                    Gst.gst_mini_object_unref(message);
                }
            }

            throw new GStreamerPipelineException($"The pipeline '{Description}' failed to change to {state}.");
        }
    }

    /// <summary>Requests <paramref name="state"/> without throwing (for watchers and clean-up).</summary>
    public bool TrySetState(GstState state) =>
        !_pipeline.IsClosed && Gst.gst_element_set_state(_pipeline, state) != GstStateChangeReturn.Failure;

    /// <summary>
    /// Pulls the next sample from <paramref name="appsink"/>; returns 0 at end of stream. The caller owns a
    /// returned sample (gst_mini_object_unref). Element messages already posted (e.g. by facedetect for this
    /// very buffer) are handed to <paramref name="onElementMessage"/> before the sample is returned.
    /// </summary>
    /// <exception cref="GStreamerPipelineException">An element posted an error.</exception>
    public nint PullSample(GstObjectHandle appsink, CancellationToken cancellationToken, Action<nint>? onElementMessage = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // A guard against a pipeline that stalls without an error (a bug, not a slow file: decoding a frame
        // takes milliseconds). Real time on purpose: the native waits cannot follow a fake clock.
        long deadline = Environment.TickCount64 + (long)StallTimeout.TotalMilliseconds;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"The pipeline '{Description}' produced no data and no end for {StallTimeout}.");
            }

            nint sample = GstApp.gst_app_sink_try_pull_sample(appsink, PollNs);
            try
            {
                DrainBus(onElementMessage);
            }
            catch
            {
                if (sample != 0)
                {
                    Gst.gst_mini_object_unref(sample);
                }

                throw;
            }

            if (sample != 0)
            {
                return sample;
            }

            if (GstApp.gst_app_sink_is_eos(appsink) != 0)
            {
                return 0;
            }
        }
    }

    /// <summary>Handles every message already on the bus without waiting: errors throw, element messages go to the callback.</summary>
    public void DrainBus(Action<nint>? onElementMessage = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        nint message;
        while ((message = Gst.gst_bus_timed_pop_filtered(_bus, 0, GstMessageType.Any)) != 0)
        {
            try
            {
                Handle(message, onElementMessage);
            }
            finally
            {
                Gst.gst_mini_object_unref(message);
            }
        }
    }

    /// <summary>Waits for the pipeline's EOS message; an ERROR message throws.</summary>
    /// <exception cref="GStreamerPipelineException">An element posted an error.</exception>
    /// <exception cref="TimeoutException">No EOS within <paramref name="timeout"/>.</exception>
    public void WaitForEnd(TimeSpan timeout, CancellationToken cancellationToken, Action<nint>? onElementMessage = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"The pipeline '{Description}' did not finish within {timeout}.");
            }

            nint message = Gst.gst_bus_timed_pop_filtered(_bus, PollNs, GstMessageType.Any);
            if (message == 0)
            {
                continue;
            }

            try
            {
                if (Handle(message, onElementMessage) == GstMessageType.Eos)
                {
                    return;
                }
            }
            finally
            {
                Gst.gst_mini_object_unref(message);
            }
        }
    }

    /// <summary>Posts an application message named <paramref name="name"/>, e.g. to wake a bus watcher.</summary>
    public void PostApplicationMessage(string name)
    {
        nint structure = Gst.gst_structure_new_empty(name);
        Gst.gst_bus_post(_bus, Gst.gst_message_new_application(0, structure));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        TrySetState(GstState.Null);
        foreach (GstObjectHandle element in _elements)
        {
            element.Dispose();
        }

        _bus.Dispose();
        _pipeline.Dispose();
    }

    private GstMessageType Handle(nint message, Action<nint>? onElementMessage)
    {
        GstMessageType type = GstLayout.GetMessageType(message);
        switch (type)
        {
            case GstMessageType.Error:
                throw GstMessages.ToException(message);
            case GstMessageType.Warning:
                LastWarning = GstMessages.WarningToException(message);

                // A branch whose delayed link never resolved gets neither data nor EOS: waiting would hang.
                if (LastWarning.IsDelayedLinkFailure)
                {
                    throw LastWarning;
                }

                break;
            case GstMessageType.Element:
                onElementMessage?.Invoke(message);
                break;
        }

        return type;
    }
}
