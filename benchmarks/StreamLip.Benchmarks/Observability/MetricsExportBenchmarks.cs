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
/// The /metrics exporter (<see cref="MetricsExporter"/>: OpenTelemetry's Prometheus exporter as the server configures
/// it) over a host-like <see cref="IMeterFactory"/> with the server's real instruments (<see cref="RealtimeMetrics"/>,
/// <see cref="ServerMetrics"/>).
/// </summary>
/// <remarks>
/// Record: one histogram measurement (the engine records several per frame), without and with a tag. Render: one
/// scrape into a reused buffer with the state of a busy server (8 sessions; 5 histograms, one with a second tagged
/// series; 5 labelled counter series: ≈ 150 sample lines). The side-by-side run against StreamLip's own exporter and
/// prometheus-net's MeterAdapter, which decided for this library, is commit 1911a19 of this file (benchmarks/RESULTS.md).
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MetricsExportBenchmarks : IDisposable
{
    private static readonly KeyValuePair<string, object?> Transport = new("transport", "webrtc");
    private static readonly IServiceProvider RequestServices = new ServiceCollection().AddLogging().AddOptions().BuildServiceProvider();

    private readonly MemoryStream _body = new(64 * 1024);
    private ServiceProvider _host = null!;
    private MetricsExporter _exporter = null!;
    private RealtimeMetrics _realtime = null!;
    private RequestDelegate _scrape = null!;
    private double _value;

    [GlobalSetup]
    public void Setup()
    {
        _host = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = _host.GetRequiredService<IMeterFactory>();
        _exporter = new MetricsExporter(factory); // listening first, as the server does
        var app = new ApplicationBuilder(RequestServices);
        app.UseOpenTelemetryPrometheusScrapingEndpoint(_exporter.Provider, null, MetricsExporter.Path, null, null);
        _scrape = app.Build();
        _realtime = new RealtimeMetrics(factory);
        FillLikeABusyServer(_realtime, new ServerMetrics(factory));
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _exporter?.Dispose();
        _realtime?.Dispose();
        _host?.Dispose();
        _body.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark, BenchmarkCategory("Record")]
    public void Record() => _realtime.FrameDelay.Record(Next());

    [Benchmark, BenchmarkCategory("RecordTagged")]
    public void RecordTagged() => _realtime.FrameDelay.Record(Next(), Transport);

    /// <summary>One scrape; the bytes written.</summary>
    [Benchmark, BenchmarkCategory("Render")]
    public async Task<long> Render()
    {
        _body.SetLength(0);
        var context = new DefaultHttpContext { RequestServices = RequestServices };
        context.Request.Method = "GET";
        context.Request.Path = MetricsExporter.Path;
        context.Response.Body = _body;
        await _scrape(context).ConfigureAwait(false);
        return _body.Length;
    }

    private static void FillLikeABusyServer(RealtimeMetrics realtime, ServerMetrics server)
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

        foreach (string? reason in new[] { "missing", "invalid", "forbidden" })
        {
            server.AuthFailures.Add(3, new KeyValuePair<string, object?>("reason", reason));
        }

        server.SessionsEnded.Add(4, new KeyValuePair<string, object?>("reason", "idle"));
        server.SessionsEnded.Add(1, new KeyValuePair<string, object?>("reason", "shutdown"));
        server.SessionsRefusedPerKey.Add(2);
    }

    // Walks 0–400 ms so that measurements land in different buckets.
    private double Next() => _value = _value >= 400 ? 0.5 : _value + 7.3;
}
