using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace StreamLip.Server.Observability;

/// <summary>
/// Listens (<see cref="MeterListener"/>) to every <c>StreamLip.*</c> meter made by this host's <see cref="IMeterFactory"/>
/// (other hosts in the same process have their own) and renders what it heard as Prometheus text exposition 0.0.4 for
/// <c>GET /metrics</c>. Owns the listener.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    /// <summary>The exposition's content type.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricFamily> _families = new();

    public PrometheusExporter(IMeterFactory factory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name.StartsWith("StreamLip", StringComparison.Ordinal) && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument, _families.GetOrAdd(instrument, i => new MetricFamily(i)));
            }
        };
        _listener.MeasurementsCompleted = (instrument, state) => _families.TryRemove(instrument, out MetricFamily? _);
        _listener.SetMeasurementEventCallback<byte>((_, v, tags, state) => ((MetricFamily)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<short>((_, v, tags, state) => ((MetricFamily)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>((_, v, tags, state) => ((MetricFamily)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<long>((_, v, tags, state) => ((MetricFamily)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>((_, v, tags, state) => ((MetricFamily)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<double>((_, v, tags, state) => ((MetricFamily)state!).Record(v, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, v, tags, state) => ((MetricFamily)state!).Record((double)v, tags));
        _listener.Start();
    }

    /// <summary>Every family, sorted by name (observable instruments are read now).</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var w = new StringBuilder(8 * 1024);
        // Two instruments of one name (e.g. from two engines) would make a family twice: the first one wins.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (MetricFamily family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (seen.Add(family.Name))
            {
                family.Write(w);
            }
        }

        return w.ToString();
    }

    public void Dispose() => _listener.Dispose();
}
