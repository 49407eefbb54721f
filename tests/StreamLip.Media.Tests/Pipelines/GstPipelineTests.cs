using StreamLip.Media.Pipelines;

namespace StreamLip.Media.Tests.Pipelines;

[Collection(GStreamerCollection.Name)]
public sealed class GstPipelineTests(GStreamerFixture fixture)
{
    [Fact]
    public void A_pipeline_runs_to_EOS()
    {
        using var pipeline = GstPipeline.Parse("audiotestsrc num-buffers=5 ! audioconvert ! fakesink");
        pipeline.Play();

        pipeline.WaitForEnd(TimeSpan.FromSeconds(30), CancellationToken.None);
    }

    [Fact]
    public void A_description_that_does_not_parse_throws_with_GStreamers_reason()
    {
        var e = Assert.Throws<GStreamerPipelineException>(() => GstPipeline.Parse("audiotestsrc ! streamlip_no_such_element ! fakesink"));

        Assert.Contains("streamlip_no_such_element", e.Message, StringComparison.Ordinal);
        Assert.Equal("gst_parse_error", e.ErrorDomain);
    }

    [Fact]
    public void An_error_message_becomes_an_exception_with_the_GError_and_debug_string()
    {
        string missing = fixture.NewPath("wav");
        using var pipeline = GstPipeline.Parse($"filesrc location=\"{missing}\" ! fakesink");

        var e = Assert.Throws<GStreamerPipelineException>(pipeline.Play);

        Assert.True(e.IsResourceNotFound, e.Message);
        Assert.Contains("filesrc", e.SourceElement, StringComparison.Ordinal);
        Assert.Contains(missing, e.DebugInfo, StringComparison.Ordinal);
        Assert.Contains(e.ErrorMessage!, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_while_playing_is_thrown_by_WaitForEnd()
    {
        // Typefinding fails in the streaming thread, after the state change was accepted.
        string text = fixture.NewPath("txt");
        File.WriteAllText(text, "not media at all");
        using var pipeline = GstPipeline.Parse($"filesrc location=\"{text}\" ! decodebin ! fakesink");
        pipeline.SetState(StreamLip.Media.Native.GstState.Playing);

        var e = Assert.Throws<GStreamerPipelineException>(() => pipeline.WaitForEnd(TimeSpan.FromSeconds(30), CancellationToken.None));
        Assert.True(e.IsTypeNotFound, e.Message);
        Assert.Contains("typefind", e.SourceElement, StringComparison.Ordinal);
        Assert.NotNull(e.DebugInfo);
    }

    [Fact]
    public void Cancellation_stops_a_wait()
    {
        using var pipeline = GstPipeline.Parse("audiotestsrc is-live=true ! fakesink");
        pipeline.Play();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.Throws<OperationCanceledException>(() => pipeline.WaitForEnd(TimeSpan.FromSeconds(30), cts.Token));
    }

    [Fact]
    public void Properties_are_set_through_GValues_and_unknown_ones_throw()
    {
        using var pipeline = GstPipeline.Parse("filesrc name=src ! fakesink name=sink");
        var src = pipeline.GetElement("src");

        GObjectProperty.Set(src, "location", "/tmp/a path with spaces & \"quotes\".wav");
        Assert.Equal("/tmp/a path with spaces & \"quotes\".wav", GObjectProperty.GetString(src, "location"));
        GObjectProperty.Set(pipeline.GetElement("sink"), "sync", false);
        GObjectProperty.Set(src, "blocksize", 8192);
        using var app = GstPipeline.Parse("appsrc name=a ! fakesink");
        GObjectProperty.Set(app.GetElement("a"), "max-bytes", 123_456UL);
        Assert.Equal(123_456UL, GObjectProperty.GetUInt64(app.GetElement("a"), "max-bytes"));
        Assert.Throws<ArgumentException>(() => GObjectProperty.Set(src, "streamlip-no-such-property", 1));
        Assert.Throws<ArgumentException>(() => pipeline.GetElement("nope"));
    }

    [Fact]
    public void Dispose_is_idempotent_and_refuses_later_use()
    {
        var pipeline = GstPipeline.Parse("audiotestsrc ! fakesink name=sink");
        pipeline.Play();

        pipeline.Dispose();
        pipeline.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pipeline.GetElement("sink"));
        Assert.Throws<ObjectDisposedException>(pipeline.Play);
    }
}
