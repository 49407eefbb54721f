using System.Diagnostics.Metrics;

namespace StreamLip.Server.Observability;

/// <summary>The server's own instruments on the meter <c>StreamLip.Server</c> (the engine's are on <c>StreamLip.Realtime</c>).</summary>
internal sealed class ServerMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "StreamLip.Server";

    public ServerMetrics(IMeterFactory factory)
    {
        var meter = factory.Create(MeterName);
        AuthFailures = meter.CreateCounter<long>("streamlip.auth.failures", "{request}", "Requests refused by authentication (tag reason: missing, invalid, forbidden).");
        SessionsEnded = meter.CreateCounter<long>("streamlip.sessions.ended", "{session}", "Sessions the server ended itself (tag reason: idle, shutdown).");
        SessionsRefusedPerKey = meter.CreateCounter<long>("streamlip.sessions.refused_per_key", "{session}", "Sessions refused at the per-key limit.");

        // Every series starts at 0 for the exporter already listening (see RealtimeMetrics).
        foreach (string reason in (string[])["missing", "invalid", "forbidden"])
        {
            AuthFailures.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }

        foreach (string reason in (string[])["idle", "shutdown"])
        {
            SessionsEnded.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }

        SessionsRefusedPerKey.Add(0);
    }

    public Counter<long> AuthFailures { get; }

    public Counter<long> SessionsEnded { get; }

    public Counter<long> SessionsRefusedPerKey { get; }
}
