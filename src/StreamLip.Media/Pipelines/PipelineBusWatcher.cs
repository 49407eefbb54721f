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

    private readonly GstPipeline pipeline;
    private readonly Thread thread;
    private readonly TaskCompletionSource<GStreamerPipelineException?> ended =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool disposed;

    public PipelineBusWatcher(GstPipeline pipeline, string threadName)
    {
        this.pipeline = pipeline;
        thread = new Thread(Run) { IsBackground = true, Name = threadName };
        thread.Start();
    }

    /// <summary>Completes with null at EOS, or with the pipeline's first error.</summary>
    public Task<GStreamerPipelineException?> Ended => ended.Task;

    /// <summary>The error seen so far, if any.</summary>
    public GStreamerPipelineException? Error => ended.Task.IsCompletedSuccessfully ? ended.Task.Result : null;

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (thread.IsAlive)
        {
            pipeline.PostApplicationMessage(StopMessage);
        }

        thread.Join();
    }

    private void Run()
    {
        try
        {
            while (true)
            {
                // Messages of other types are discarded by the filtered pop.
                nint message = Gst.gst_bus_timed_pop_filtered(
                    pipeline.Bus, GstLayout.ClockTimeNone, GstMessageType.Eos | GstMessageType.Error | GstMessageType.Application);
                if (message == 0)
                {
                    continue;
                }

                try
                {
                    switch (GstLayout.GetMessageType(message))
                    {
                        case GstMessageType.Eos:
                            ended.TrySetResult(null);
                            return;
                        case GstMessageType.Error:
                            ended.TrySetResult(GstMessages.ToException(message));
                            pipeline.TrySetState(GstState.Null);
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
            ended.TrySetResult(new GStreamerPipelineException("Watching the pipeline's bus failed.", e));
        }
    }

    private static bool IsStop(nint message)
    {
        nint structure = Gst.gst_message_get_structure(message);
        return structure != 0 && Gst.gst_structure_has_name(structure, StopMessage) != 0;
    }
}
