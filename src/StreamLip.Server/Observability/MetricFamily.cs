using System.Diagnostics.Metrics;
using System.Text;

namespace StreamLip.Server.Observability;

/// <summary>
/// One instrument's aggregated series for the Prometheus exposition: counters sum (observable ones take the reported
/// total), gauges keep the last or summed value, histograms count into fixed buckets. Thread-safe; a measurement
/// without tags allocates nothing.
/// </summary>
internal sealed class MetricFamily
{
    private readonly Lock _gate = new();
    private readonly bool _absolute;
    private readonly double[] _bounds;
    private readonly Series _plain;
    private readonly Dictionary<string, Series> _labelled = new(StringComparer.Ordinal);

    public MetricFamily(Instrument instrument)
    {
        Type t = instrument.GetType();
        Type definition = t.IsGenericType ? t.GetGenericTypeDefinition() : t;
        Kind = definition == typeof(Histogram<>) ? "histogram"
            : definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? "counter"
            : "gauge";
        // Observable instruments report their current value (a total, or a level), not a change.
        _absolute = instrument.IsObservable;
        Name = PrometheusNames.Metric(instrument.Name, instrument.Unit, Kind == "counter");
        Help = PrometheusNames.Help(instrument.Description) + (string.IsNullOrEmpty(instrument.Unit) ? "" : $" ({instrument.Unit}; {instrument.Name})");
        _bounds = Kind == "histogram" ? MetricBuckets.For(instrument.Unit) : [];
        _plain = new Series(_bounds.Length);
    }

    public string Name { get; }

    public string Kind { get; }

    public string Help { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            Series series = tags.IsEmpty ? _plain : Labelled(tags);
            series.Seen = true;
            if (Kind == "histogram")
            {
                int i = 0;
                while (i < _bounds.Length && value > _bounds[i])
                {
                    i++;
                }

                series.Buckets[i]++;
                series.Sum += value;
                series.Count++;
            }
            else
            {
                series.Value = _absolute ? value : series.Value + value;
            }
        }
    }

    /// <summary>Appends the family (HELP, TYPE, samples) in text format 0.0.4.</summary>
    public void Write(StringBuilder w)
    {
        w.Append("# HELP ").Append(Name).Append(' ').Append(Help).Append('\n');
        w.Append("# TYPE ").Append(Name).Append(' ').Append(Kind).Append('\n');
        lock (_gate)
        {
            // A family that was never recorded still shows a zero, so dashboards and alerts see it from the start.
            if (_plain.Seen || _labelled.Count == 0)
            {
                WriteSeries(w, "", _plain);
            }

            foreach (var (labels, series) in _labelled.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                WriteSeries(w, labels, series);
            }
        }
    }

    private void WriteSeries(StringBuilder w, string labels, Series s)
    {
        if (Kind != "histogram")
        {
            Sample(w, Name, labels, null, s.Value);
            return;
        }

        long cumulative = 0;
        for (int i = 0; i < _bounds.Length; i++)
        {
            cumulative += s.Buckets[i];
            Sample(w, Name + "_bucket", labels, PrometheusNames.Number(_bounds[i]), cumulative);
        }

        Sample(w, Name + "_bucket", labels, "+Inf", s.Count);
        Sample(w, Name + "_sum", labels, null, s.Sum);
        Sample(w, Name + "_count", labels, null, s.Count);
    }

    private static void Sample(StringBuilder w, string name, string labels, string? le, double value)
    {
        w.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            w.Append('{').Append(labels);
            if (le is not null)
            {
                w.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
            }

            w.Append('}');
        }

        w.Append(' ').Append(PrometheusNames.Number(value)).Append('\n');
    }

    private Series Labelled(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var pairs = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            pairs.Add($"{PrometheusNames.Sanitize(key)}=\"{PrometheusNames.LabelValue(value)}\"");
        }

        pairs.Sort(StringComparer.Ordinal);
        string labels = string.Join(',', pairs);
        if (!_labelled.TryGetValue(labels, out Series? series))
        {
            series = new Series(_bounds.Length);
            _labelled[labels] = series;
        }

        return series;
    }

    private sealed class Series(int bounds)
    {
        public bool Seen { get; set; }

        public double Value { get; set; }

        public long[] Buckets { get; } = new long[bounds + 1];

        public double Sum { get; set; }

        public long Count { get; set; }
    }
}
