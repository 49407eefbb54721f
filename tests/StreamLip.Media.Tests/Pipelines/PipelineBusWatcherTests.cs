using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;

namespace StreamLip.Media.Tests.Pipelines;

[Collection(GStreamerCollection.Name)]
public sealed class PipelineBusWatcherTests
{
    [Fact]
    public async Task An_error_unblocks_a_push_waiting_on_a_full_appsrc()
    {
        // The caps filter refuses what appsrc sends, so streaming stops with not-negotiated while the
        // blocking appsrc (room for one small buffer) is full.
        using var pipeline = GstPipeline.Parse(
            "appsrc name=src format=time block=true max-bytes=16 caps=audio/x-raw,format=F32LE,rate=16000,channels=1,layout=interleaved ! " +
            "video/x-raw ! fakesink");
        GstObjectHandle src = pipeline.GetElement("src");
        pipeline.SetState(GstState.Playing);
        using var watcher = new PipelineBusWatcher(pipeline, "test bus watch");

        Task<GstFlowReturn> pushing = Task.Run(() =>
        {
            GstFlowReturn flow = GstFlowReturn.Ok;
            for (int i = 0; i < 1000 && flow == GstFlowReturn.Ok; i++)
            {
                flow = GstApp.gst_app_src_push_buffer(src, Gst.gst_buffer_new_allocate(0, 64, 0));
            }

            return flow;
        });

        // WaitAsync throws TimeoutException if the blocked push is never released.
        Assert.Equal(GstFlowReturn.Flushing, await pushing.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.NotNull(await watcher.Ended.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.NotNull(watcher.Error);
        Assert.Contains("not-negotiated", watcher.Error.DebugInfo, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_watcher_reports_EOS_and_can_be_stopped_before()
    {
        using (var endless = GstPipeline.Parse("audiotestsrc is-live=true ! fakesink"))
        {
            endless.Play();
            var watcher = new PipelineBusWatcher(endless, "test bus watch");
            watcher.Dispose();
            Assert.False(watcher.Ended.IsCompleted);
        }

        using var pipeline = GstPipeline.Parse("audiotestsrc num-buffers=3 ! fakesink");
        pipeline.Play();
        using var finished = new PipelineBusWatcher(pipeline, "test bus watch");

        Assert.Null(await finished.Ended.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
