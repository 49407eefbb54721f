using StreamLip.Server.Observability;

namespace StreamLip.Server.Tests.Observability;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("streamlip.frames.sent", "{frame}", true, "streamlip_frames_sent_total")]
    [InlineData("streamlip.frame.delay", "ms", false, "streamlip_frame_delay_milliseconds")]
    [InlineData("streamlip.sessions.active", "{session}", false, "streamlip_sessions_active")]
    [InlineData("streamlip.upload.size", "By", false, "streamlip_upload_size_bytes")]
    [InlineData("streamlip.jobs_total", null, true, "streamlip_jobs_total")]
    [InlineData("9lives-x", "s", false, "_9lives_x_seconds")]
    public void Names_are_sanitised_and_carry_unit_and_total(string instrument, string? unit, bool counter, string expected) =>
        Assert.Equal(expected, PrometheusNames.Metric(instrument, unit, counter));

    [Fact]
    public void Numbers_and_label_values_use_the_text_format_spelling()
    {
        Assert.Equal("+Inf", PrometheusNames.Number(double.PositiveInfinity));
        Assert.Equal("0.25", PrometheusNames.Number(0.25));
        Assert.Equal("a\\\"b\\\\c\\n", PrometheusNames.LabelValue("a\"b\\c\n"));
    }
}
