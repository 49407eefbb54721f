using StreamLip.Server.Observability;

namespace StreamLip.Server.Api;

/// <summary>
/// <c>GET /readyz</c> (public: 200 when a session can start, else 503 with the reason) and <c>GET /metrics</c>
/// (Prometheus text; needs an API key unless <c>StreamLip:Auth:PublicMetrics</c>). Liveness is <c>/healthz</c>.
/// </summary>
internal static class OpsEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        // Listening starts now, before any session: an up-down counter's changes made before it would be lost.
        _ = app.ServiceProvider.GetRequiredService<PrometheusExporter>();
        app.MapGet("/readyz", (ReadinessCheck readiness) =>
        {
            var r = readiness.Check();
            return r.Reason is null ? Results.Ok(r) : Results.Json(r, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Render(), PrometheusExporter.ContentType));
    }
}
