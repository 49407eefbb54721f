using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;

namespace StreamLip.Media.Tests.Native;

[Collection(GStreamerCollection.Name)]
public sealed class GstLayoutTests
{
    [Fact]
    public unsafe void Buffer_timestamps_and_bytes_survive_an_appsrc_to_appsink_round_trip()
    {
        using var pipeline = GstPipeline.Parse(
            "appsrc name=src format=time caps=video/x-raw,format=GRAY8,width=4,height=2,framerate=25/1 ! " +
            "appsink name=sink sync=false");
        GstObjectHandle src = pipeline.GetElement("src");
        GstObjectHandle sink = pipeline.GetElement("sink");
        pipeline.Play();

        byte[] pixels = [1, 2, 3, 4, 5, 6, 7, 8];
        nint buffer = Gst.gst_buffer_new_allocate(0, (nuint)pixels.Length, 0);
        fixed (byte* p = pixels)
        {
            Gst.gst_buffer_fill(buffer, 0, p, (nuint)pixels.Length);
        }

        GstLayout.SetTimestamps(buffer, pts: 123_456_789, duration: 40_000_000);
        Assert.Equal(GstFlowReturn.Ok, GstApp.gst_app_src_push_buffer(src, buffer));
        GstApp.gst_app_src_end_of_stream(src);

        nint sample = pipeline.PullSample(sink, CancellationToken.None);
        Assert.NotEqual(0, sample);
        try
        {
            nint received = Gst.gst_sample_get_buffer(sample);
            Assert.Equal(123_456_789UL, GstLayout.GetPts(received));
            Assert.Equal(40_000_000UL, GstLayout.GetDuration(received));
            Assert.Equal(GstLayout.ClockTimeNone, *(ulong*)(received + GstLayout.BufferDts));
            byte[] back = new byte[8];
            fixed (byte* p = back)
            {
                Assert.Equal((nuint)8, Gst.gst_buffer_extract(received, 0, p, 8));
            }

            Assert.Equal(pixels, back);
        }
        finally
        {
            Gst.gst_mini_object_unref(sample);
        }

        Assert.Equal(0, pipeline.PullSample(sink, CancellationToken.None));
    }

    [Fact]
    public void Message_type_offset_reads_the_EOS_of_a_finished_pipeline()
    {
        using var pipeline = GstPipeline.Parse("audiotestsrc num-buffers=2 ! fakesink");
        pipeline.Play();
        nint message = Gst.gst_bus_timed_pop_filtered(pipeline.Bus, 10 * GstLayout.Second, GstMessageType.Eos);
        Assert.NotEqual(0, message);
        try
        {
            Assert.Equal(GstMessageType.Eos, GstLayout.GetMessageType(message));
            Assert.StartsWith("/GstPipeline:pipeline", GstMessages.SourcePath(message), StringComparison.Ordinal);
        }
        finally
        {
            Gst.gst_mini_object_unref(message);
        }
    }
}
