using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace StreamLip.Server.Observability;

/// <summary>
/// OpenTelemetry's meter provider with its Prometheus exporter, over every <c>StreamLip.*</c> meter made by this
/// host's <see cref="IMeterFactory"/> (other hosts in the same process have their own factory and provider; a view
/// drops their instruments). Histograms get buckets for their unit (<see cref="MetricBuckets"/>). Owns the provider.
/// </summary>
/// <remarks>
/// Names follow the Prometheus conventions the exporter applies: dots become underscores, the unit is appended
/// (<c>ms</c> → <c>_milliseconds</c>, <c>By</c> → <c>_bytes</c>; annotations such as <c>{frame}</c> add nothing),
/// counters end in <c>_total</c>. No scope label and no <c>target_info</c>: series are the instrument's tags only
/// (an untagged sample is written <c>name{} value</c>, which the text format allows).
/// Every scrape collects afresh (no response cache), as a probe right after an event expects.
/// </remarks>
internal sealed class MetricsExporter : IDisposable
{
    /// <summary>The meters exported.</summary>
    public const string MeterPattern = "StreamLip.*";

    /// <summary>The scrape endpoint.</summary>
    public const string Path = "/metrics";

    public MetricsExporter(IMeterFactory factory)
    {
        Provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(MeterPattern)
            .AddView(instrument => View(instrument, factory))
            .AddPrometheusExporter(o =>
            {
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                o.ScopeInfoEnabled = false;
                o.TargetInfoEnabled = false;
            })
            .Build();
    }

    /// <summary>The provider whose Prometheus exporter <c>MapPrometheusScrapingEndpoint</c> serves.</summary>
    public MeterProvider Provider { get; }

    public void Dispose() => Provider.Dispose();

    private static MetricStreamConfiguration? View(Instrument instrument, IMeterFactory factory)
    {
        if (!ReferenceEquals(instrument.Meter.Scope, factory))
        {
            return MetricStreamConfiguration.Drop;
        }

        Type t = instrument.GetType();
        return t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Histogram<>)
            ? new ExplicitBucketHistogramConfiguration { Boundaries = MetricBuckets.For(instrument.Unit) }
            : null;
    }
}
