using StreamLip.Media.Native;

namespace StreamLip.Media.Pipelines;

/// <summary>
/// Watches a pipeline's bus on its own thread while the owner pushes into appsrcs: the first EOS or ERROR
/// completes <see cref="Ended"/>. On ERROR it also sets the pipeline to NULL, which makes an appsrc push that
/// is blocked on a full queue return (FLUSHING) instead of waiting forever.
/// Dispose before disposing the pipeline.
/// </summary>
internal sealed class PipelineBusWatcher : IDisposable
{
    private const string StopMessage = "streamlip-stop-bus-watch";

    private readonly GstPipeline _pipeline;
    private readonly Thread _thread;
    private readonly TaskCompletionSource<GStreamerPipelineException?> _ended =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool _disposed;

    public PipelineBusWatcher(GstPipeline pipeline, string threadName)
    {
        _pipeline = pipeline;
        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
        _thread.Start();
    }

    /// <summary>Completes with null at EOS, or with the pipeline's first error.</summary>
    public Task<GStreamerPipelineException?> Ended => _ended.Task;

    /// <summary>The error seen so far, if any.</summary>
    public GStreamerPipelineException? Error => _ended.Task.IsCompletedSuccessfully ? _ended.Task.Result : null;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_thread.IsAlive)
        {
            _pipeline.PostApplicationMessage(StopMessage);
        }

        _thread.Join();
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                // Messages of other types are discarded by the filtered pop.
                nint message = Gst.gst_bus_timed_pop_filtered(
                    _pipeline.Bus, GstLayout.ClockTimeNone, GstMessageType.Eos | GstMessageType.Error | GstMessageType.Application);
                if (message == 0)
                {
                    continue;
                }

                try
                {
                    switch (GstLayout.GetMessageType(message))
                    {
                        case GstMessageType.Eos:
                            _ended.TrySetResult(null);
                            return;
                        case GstMessageType.Error:
                            _ended.TrySetResult(GstMessages.ToException(message));
                            _pipeline.TrySetState(GstState.Null);
                            return;
                        case GstMessageType.Application when IsStop(message):
                            return;
                    }
                }
                finally
                {
                    Gst.gst_mini_object_unref(message);
                }
            }
        }
        catch (Exception e)
        {
            // Never let an exception escape a thread (it would end the process); report it as the result.
            _ended.TrySetResult(new GStreamerPipelineException("Watching the pipeline's bus failed.", e));
        }
    }

    private static bool IsStop(nint message)
    {
        nint structure = Gst.gst_message_get_structure(message);
        return structure != 0 && Gst.gst_structure_has_name(structure, StopMessage) != 0;
    }
}
