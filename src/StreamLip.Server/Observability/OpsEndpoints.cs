using StreamLip.Server.Observability;

namespace StreamLip.Server.Observability;

/// <summary>
/// <c>GET /readyz</c> (public: 200 when a session can start, else 503 with the reason) and <c>GET /metrics</c>
/// (<see cref="MetricsExporter"/>: Prometheus text, or OpenMetrics when the scraper asks for it; needs an API key
/// unless <c>StreamLip:Auth:PublicMetrics</c>). Liveness is <c>/healthz</c>.
/// </summary>
internal static class OpsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        // Listening starts now, before the engine's and the server's instruments exist: what they record earlier
        // (an up-down counter's changes, every counter's starting 0) would be lost.
        var exporter = app.ServiceProvider.GetRequiredService<MetricsExporter>();
        app.MapGet("/readyz", (ReadinessCheck readiness) =>
        {
            var r = readiness.Check();
            return r.Reason is null ? Results.Ok(r) : Results.Json(r, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapPrometheusScrapingEndpoint(MetricsExporter.Path, exporter.Provider, null, null);
    }
}
