using System.Globalization;
using System.Text;

namespace StreamLip.Server.Observability;

/// <summary>Prometheus names, label values, numbers for System.Diagnostics.Metrics instruments.</summary>
internal static class PrometheusNames
{
    /// <summary>
    /// The exposition name: dots and other characters outside [a-zA-Z0-9_:] become underscores, then the unit
    /// (<c>ms</c> → <c>_milliseconds</c>, <c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>; annotations such as
    /// <c>{frame}</c> add nothing), then <c>_total</c> for counters.
    /// </summary>
    public static string Metric(string instrument, string? unit, bool counter)
    {
        var name = new StringBuilder(Sanitize(instrument));
        string suffix = unit switch
        {
            "ms" => "_milliseconds",
            "s" => "_seconds",
            "By" => "_bytes",
            "%" => "_percent",
            _ => "",
        };
        if (suffix.Length > 0 && !name.ToString().EndsWith(suffix, StringComparison.Ordinal))
        {
            name.Append(suffix);
        }

        if (counter && !name.ToString().EndsWith("_total", StringComparison.Ordinal))
        {
            name.Append("_total");
        }

        return name.ToString();
    }

    /// <summary>A metric or label name: characters outside [a-zA-Z0-9_:] become '_', and it never starts with a digit.</summary>
    public static string Sanitize(string name)
    {
        var sb = new StringBuilder(name.Length + 1);
        foreach (char c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        if (sb.Length == 0 || char.IsAsciiDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }

        return sb.ToString();
    }

    /// <summary>A label value, escaped (backslash, quote, newline).</summary>
    public static string LabelValue(object? value) =>
        Convert.ToString(value, CultureInfo.InvariantCulture)?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) ?? "";

    /// <summary>A sample value: shortest round-trip form, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>HELP text, escaped (backslash, newline).</summary>
    public static string Help(string? description) =>
        (description ?? "").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
