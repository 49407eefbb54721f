using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StreamLip.Realtime;
using StreamLip.Server.Observability;

namespace StreamLip.Server.Tests.Observability;

/// <summary>
/// <see cref="MetricsExporter"/> over instruments made here, each test host with its own <see cref="IMeterFactory"/>
/// (as each server has), scraped through the exporter's real middleware and parsed as Prometheus text.
/// </summary>
public sealed class MetricsExporterTests : IDisposable
{
    private const string Meter = "StreamLip.Tests";

    private readonly TestHost _a = new();
    private readonly TestHost _b = new();

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Fact]
    public async Task Names_carry_the_unit_and_total_and_types_follow_the_instrument()
    {
        var meter = _a.Factory.Create(Meter);
        meter.CreateCounter<long>("streamlip.frames.sent", "{frame}", "Video frames pushed.").Add(3);
        meter.CreateHistogram<double>("streamlip.frame.delay", "ms", "Audio to frame.").Record(12);
        meter.CreateUpDownCounter<int>("streamlip.sessions.active", "{session}", "Sessions running.").Add(2);
        meter.CreateHistogram<long>("streamlip.upload.size", "By", "Upload sizes.").Record(5000);
        meter.CreateHistogram<double>("streamlip.job.wait", "s", "Job waits.").Record(0.2);
        meter.CreateCounter<long>("streamlip.jobs_total", null, "Jobs.").Add(1);

        string text = await _a.ScrapeAsync();
        var (types, samples) = MetricsTests.Parse(text);

        Assert.Equal("counter", types["streamlip_frames_sent_total"]);
        Assert.Equal(3, samples["streamlip_frames_sent_total"]);
        Assert.Equal("histogram", types["streamlip_frame_delay_milliseconds"]);
        Assert.Equal(12, samples["streamlip_frame_delay_milliseconds_sum"]);
        Assert.Equal("gauge", types["streamlip_sessions_active"]);
        Assert.Equal(2, samples["streamlip_sessions_active"]);
        Assert.Equal("histogram", types["streamlip_upload_size_bytes"]);
        Assert.Equal("histogram", types["streamlip_job_wait_seconds"]);
        Assert.Equal("counter", types["streamlip_jobs_total"]);
        Assert.Contains("# HELP streamlip_frames_sent_total Video frames pushed.\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ms", 0.4)]
    [InlineData("s", 0.003)]
    [InlineData("{frame}", 3)]
    [InlineData("By", 700)]
    public async Task Histogram_buckets_follow_the_unit(string unit, double value)
    {
        var histogram = _a.Factory.Create(Meter).CreateHistogram<double>("streamlip.sample", unit);
        histogram.Record(value);
        histogram.Record(value * 1000);

        var (types, samples) = MetricsTests.Parse(await _a.ScrapeAsync());

        string family = Assert.Single(types.Keys);
        var buckets = samples.Where(s => s.Key.StartsWith(family + "_bucket{le=", StringComparison.Ordinal)).ToList();
        var bounds = buckets.Select(b => b.Key[(family.Length + 12)..^2]).ToList();
        Assert.Equal(MetricBuckets.For(unit).Select(b => b.ToString(CultureInfo.InvariantCulture)).Append("+Inf"), bounds);
        var counts = buckets.Select(b => b.Value).ToList();
        Assert.True(counts.Zip(counts.Skip(1)).All(p => p.First <= p.Second), "buckets not cumulative");
        Assert.Equal(2, samples[family + "_count"]);
        Assert.Equal(2, counts[^1]);
        Assert.Equal(1, counts[bounds.FindIndex(b => b != "+Inf" && double.Parse(b, CultureInfo.InvariantCulture) >= value)]);
    }

    [Fact]
    public async Task Tags_become_labels_with_their_values_escaped()
    {
        var counter = _a.Factory.Create(Meter).CreateCounter<long>("streamlip.auth.failures", "{request}");
        counter.Add(1, new KeyValuePair<string, object?>("reason", "missing"));
        counter.Add(2, new KeyValuePair<string, object?>("reason", "a\"b\\c\nd"));
        counter.Add(4, new KeyValuePair<string, object?>("reason", "missing"), new KeyValuePair<string, object?>("key", "k1"));

        var (_, samples) = MetricsTests.Parse(await _a.ScrapeAsync());

        Assert.Equal(1, samples["streamlip_auth_failures_total{reason=\"missing\"}"]);
        Assert.Equal(2, samples["streamlip_auth_failures_total{reason=\"a\\\"b\\\\c\\nd\"}"]);
        Assert.Equal(4, Assert.Single(samples, s => s.Key.Contains("k1", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public async Task Observable_instruments_are_read_at_each_scrape()
    {
        double level = 1.5;
        long total = 10;
        var meter = _a.Factory.Create(Meter);
        meter.CreateObservableGauge("streamlip.queue.level", () => level, "{chunk}");
        meter.CreateObservableCounter("streamlip.bytes.written", () => total, "By");

        var (types, first) = MetricsTests.Parse(await _a.ScrapeAsync());
        level = 4;
        total = 25;
        var (_, second) = MetricsTests.Parse(await _a.ScrapeAsync());

        Assert.Equal("gauge", types["streamlip_queue_level"]);
        Assert.Equal("counter", types["streamlip_bytes_written_bytes_total"]);
        Assert.Equal((1.5, 10), (first["streamlip_queue_level"], first["streamlip_bytes_written_bytes_total"]));
        Assert.Equal((4, 25), (second["streamlip_queue_level"], second["streamlip_bytes_written_bytes_total"]));
    }

    [Fact]
    public async Task A_host_exports_only_the_meters_of_its_own_factory()
    {
        _a.Factory.Create(Meter).CreateCounter<long>("streamlip.frames.sent").Add(1);
        _b.Factory.Create(Meter).CreateCounter<long>("streamlip.frames.sent").Add(7);
        using var elsewhere = new Meter(Meter); // no factory: another process-wide meter of the same name
        elsewhere.CreateCounter<long>("streamlip.frames.sent").Add(100);
        _a.Factory.Create("Other.Library").CreateCounter<long>("other.calls").Add(1);

        var (typesA, a) = MetricsTests.Parse(await _a.ScrapeAsync());
        var (_, b) = MetricsTests.Parse(await _b.ScrapeAsync());

        Assert.Equal("streamlip_frames_sent_total", Assert.Single(typesA.Keys));
        Assert.Equal(1, a["streamlip_frames_sent_total"]);
        Assert.Equal(7, b["streamlip_frames_sent_total"]);
    }

    [Fact]
    public async Task Every_engine_and_server_counter_is_exported_at_zero_before_anything_happens()
    {
        using var realtime = new RealtimeMetrics(_a.Factory);
        _ = new ServerMetrics(_a.Factory);

        var (types, samples) = MetricsTests.Parse(await _a.ScrapeAsync());

        foreach (string? counter in new[] { "sessions_refused", "frames_sent", "frames_generated", "frames_late", "frames_missed", "outputs_failed", "audio_chunks_dropped", "sessions_refused_per_key" })
        {
            Assert.Equal("counter", types[$"streamlip_{counter}_total"]);
            Assert.Equal(0, samples[$"streamlip_{counter}_total"]);
        }

        Assert.Equal(0, samples["streamlip_sessions_active"]);
        foreach (string? reason in new[] { "missing", "invalid", "forbidden" })
        {
            Assert.Equal(0, samples[$"streamlip_auth_failures_total{{reason=\"{reason}\"}}"]);
        }

        Assert.Equal(0, samples["streamlip_sessions_ended_total{reason=\"idle\"}"]);
        Assert.Equal(0, samples["streamlip_sessions_ended_total{reason=\"shutdown\"}"]);
    }

    [Fact]
    public async Task A_scraper_that_asks_for_OpenMetrics_gets_it()
    {
        _a.Factory.Create(Meter).CreateCounter<long>("streamlip.frames.sent", "{frame}").Add(2);

        var (plainType, _) = await _a.ScrapeWithTypeAsync(accept: null);
        var (openType, open) = await _a.ScrapeWithTypeAsync(accept: "application/openmetrics-text; version=1.0.0");

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", plainType);
        Assert.StartsWith("application/openmetrics-text", openType, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", open, StringComparison.Ordinal);
        Assert.Contains("streamlip_frames_sent_total 2", open.Replace("{}", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>A host's meter factory and its exporter, scraped through the exporter's middleware.</summary>
    private sealed class TestHost : IDisposable
    {
        private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().AddLogging().AddOptions().BuildServiceProvider();
        private readonly MetricsExporter _exporter;
        private readonly RequestDelegate _scrape;

        public TestHost()
        {
            Factory = _services.GetRequiredService<IMeterFactory>();
            _exporter = new MetricsExporter(Factory);
            var app = new ApplicationBuilder(_services);
            app.UseOpenTelemetryPrometheusScrapingEndpoint(_exporter.Provider, null, MetricsExporter.Path, null, null);
            _scrape = app.Build();
        }

        public IMeterFactory Factory { get; }

        public async Task<string> ScrapeAsync() => (await ScrapeWithTypeAsync(accept: null)).Text;

        public async Task<(string ContentType, string Text)> ScrapeWithTypeAsync(string? accept)
        {
            var context = new DefaultHttpContext { RequestServices = _services };
            context.Request.Method = "GET";
            context.Request.Path = MetricsExporter.Path;
            if (accept is not null)
            {
                context.Request.Headers.Accept = accept;
            }

            using var body = new MemoryStream();
            context.Response.Body = body;
            await _scrape(context);
            Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
            return (context.Response.ContentType ?? "", System.Text.Encoding.UTF8.GetString(body.ToArray()));
        }

        public void Dispose()
        {
            _exporter.Dispose();
            _services.Dispose();
        }
    }
}
