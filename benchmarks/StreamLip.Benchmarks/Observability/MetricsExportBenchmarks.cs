using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StreamLip.Realtime;
using StreamLip.Server.Observability;

namespace StreamLip.Benchmarks.Observability;

/// <summary>
/// The /metrics exporter, side by side: StreamLip's own (<see cref="PrometheusExporter"/>, the baseline),
/// OpenTelemetry's Prometheus exporter as the server configures it (<see cref="MetricsExporter"/>), and prometheus-net's
/// MeterAdapter. Each side has its own host-like <see cref="IMeterFactory"/> with the server's real instruments
/// (<see cref="RealtimeMetrics"/>, <see cref="ServerMetrics"/>), so a measurement reaches one exporter only.
/// </summary>
/// <remarks>
/// Record: one histogram measurement (the engine records several per frame), without and with a tag. Render: one
/// scrape into a reused buffer with the state of a busy server (8 sessions; 5 histograms, one with a second tagged
/// series; 5 labelled counter series: ≈ 150 sample lines).
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MetricsExportBenchmarks : IDisposable
{
    private static readonly KeyValuePair<string, object?> Transport = new("transport", "webrtc");

    private Side _ours = null!;
    private Side _openTelemetry = null!;
    private Side _prometheusNet = null!;
    private double _value;

    [GlobalSetup]
    public void Setup()
    {
        _ours = Side.Create(f =>
        {
            var exporter = new PrometheusExporter(f);
            return (exporter, c => Results.Text(exporter.Render(), PrometheusExporter.ContentType).ExecuteAsync(c));
        });
        _openTelemetry = Side.Create(f =>
        {
            var exporter = new MetricsExporter(f);
            var app = new ApplicationBuilder(Side.RequestServices);
            app.UseOpenTelemetryPrometheusScrapingEndpoint(exporter.Provider, null, "/metrics", null, null);
            RequestDelegate scrape = app.Build();
            return (exporter, c => scrape(c));
        });
        _prometheusNet = Side.Create(f =>
        {
            var registry = Prometheus.Metrics.NewCustomRegistry();
            var adapter = Prometheus.MeterAdapter.StartListening(new Prometheus.MeterAdapterOptions
            {
                Registry = registry,
                MetricFactory = null,
                InstrumentFilterPredicate = i => ReferenceEquals(i.Meter.Scope, f) && i.Meter.Name.StartsWith("StreamLip", StringComparison.Ordinal),
                ResolveHistogramBuckets = i => MetricBuckets.For(i.Unit),
                MetricsExpireAfter = TimeSpan.FromDays(1),
            });
            return (adapter, c => registry.CollectAndExportAsTextAsync(c.Response.Body));
        });
        foreach (var side in new[] { _ours, _openTelemetry, _prometheusNet })
        {
            side.FillLikeABusyServer();
        }
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _ours?.Dispose();
        _openTelemetry?.Dispose();
        _prometheusNet?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Record")]
    public void Record_Ours() => _ours.Realtime.FrameDelay.Record(Next());

    [Benchmark, BenchmarkCategory("Record")]
    public void Record_OpenTelemetry() => _openTelemetry.Realtime.FrameDelay.Record(Next());

    [Benchmark, BenchmarkCategory("Record")]
    public void Record_PrometheusNet() => _prometheusNet.Realtime.FrameDelay.Record(Next());

    [Benchmark(Baseline = true), BenchmarkCategory("RecordTagged")]
    public void RecordTagged_Ours() => _ours.Realtime.FrameDelay.Record(Next(), Transport);

    [Benchmark, BenchmarkCategory("RecordTagged")]
    public void RecordTagged_OpenTelemetry() => _openTelemetry.Realtime.FrameDelay.Record(Next(), Transport);

    [Benchmark, BenchmarkCategory("RecordTagged")]
    public void RecordTagged_PrometheusNet() => _prometheusNet.Realtime.FrameDelay.Record(Next(), Transport);

    [Benchmark(Baseline = true), BenchmarkCategory("Render")]
    public Task<long> Render_Ours() => _ours.RenderAsync();

    [Benchmark, BenchmarkCategory("Render")]
    public Task<long> Render_OpenTelemetry() => _openTelemetry.RenderAsync();

    [Benchmark, BenchmarkCategory("Render")]
    public Task<long> Render_PrometheusNet() => _prometheusNet.RenderAsync();

    // Walks 0–400 ms so that measurements land in different buckets.
    private double Next() => _value = _value >= 400 ? 0.5 : _value + 7.3;

    private sealed class Side(ServiceProvider host, RealtimeMetrics realtime, ServerMetrics server, IDisposable exporter, Func<HttpContext, Task> scrape) : IDisposable
    {
        public static readonly IServiceProvider RequestServices = new ServiceCollection().AddLogging().AddOptions().BuildServiceProvider();

        private readonly MemoryStream _body = new(64 * 1024);

        public RealtimeMetrics Realtime => realtime;

        public static Side Create(Func<IMeterFactory, (IDisposable Exporter, Func<HttpContext, Task> Scrape)> exporter)
        {
            var host = new ServiceCollection().AddMetrics().BuildServiceProvider();
            var factory = host.GetRequiredService<IMeterFactory>();
            var (owner, scrape) = exporter(factory); // listening first, as the server does
            return new Side(host, new RealtimeMetrics(factory), new ServerMetrics(factory), owner, scrape);
        }

        /// <summary>One scrape; the bytes written.</summary>
        public async Task<long> RenderAsync()
        {
            _body.SetLength(0);
            var context = new DefaultHttpContext { RequestServices = RequestServices };
            context.Request.Method = "GET";
            context.Request.Path = "/metrics";
            context.Response.Body = _body;
            await scrape(context).ConfigureAwait(false);
            return _body.Length;
        }

        public void FillLikeABusyServer()
        {
            realtime.ActiveSessions.Add(8);
            realtime.RefusedSessions.Add(3);
            realtime.FramesSent.Add(720_000);
            realtime.FramesGenerated.Add(480_000);
            realtime.FramesLate.Add(40);
            realtime.FramesMissed.Add(2);
            realtime.OutputsFailed.Add(1);
            realtime.AudioChunksDropped.Add(5);
            for (int i = 0; i < 2000; i++)
            {
                double ms = (i * 37 % 400) + 0.25;
                realtime.SendLag.Record(ms / 40);
                realtime.FrameDelay.Record(ms);
                realtime.FrameDelay.Record(ms, Transport);
                realtime.BatchSize.Record(1 + (i % 8));
                realtime.InferenceDuration.Record(ms / 4);
                realtime.EncoderDuration.Record(ms / 20);
            }

            foreach (var reason in new[] { "missing", "invalid", "forbidden" })
            {
                server.AuthFailures.Add(3, new KeyValuePair<string, object?>("reason", reason));
            }

            server.SessionsEnded.Add(4, new KeyValuePair<string, object?>("reason", "idle"));
            server.SessionsEnded.Add(1, new KeyValuePair<string, object?>("reason", "shutdown"));
            server.SessionsRefusedPerKey.Add(2);
        }

        public void Dispose()
        {
            exporter.Dispose();
            realtime.Dispose();
            host.Dispose();
            _body.Dispose();
        }
    }
}
