using StreamLip.Realtime.Batching;
using StreamLip.Server.Avatars;
using StreamLip.Server.Hosting;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Observability;

/// <summary><c>GET /healthz</c>, <c>GET /api/stats</c>, <c>GET /api/avatars</c>, <c>GET /api/avatars/{name}/preview.png</c>.</summary>
internal static class InfoEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (EngineHost host) => new HealthResponse("ok", host.Engine.ActiveSessions, host.Engine.Options.MaxSessions));
        app.MapGet("/api/avatars", (AvatarCatalog avatars) => new AvatarsResponse(avatars.DefaultName, avatars.List()));
        app.MapGet("/api/avatars/{name}/preview.png", (string name, AvatarPreviews previews, HttpContext http) =>
        {
            try
            {
                // Private: the API is behind the key.
                http.Response.Headers.CacheControl = "private, max-age=60";
                return Results.File(previews.Get(name), "image/png");
            }
            catch (Exception e) when (e is AvatarNotFoundException or StreamLip.Avatars.AvatarException)
            {
                http.Response.Headers.CacheControl = "no-store";
                return SignallingErrors.ToResult(e, http);
            }
        });
        app.MapGet("/api/stats", (EngineHost host) =>
        {
            var e = host.Engine;
            var info = new EngineInfo
            {
                Model = host.ModelPath,
                Provider = e.Model.Provider,
                FaceSize = e.Model.FaceSize,
                ActiveSessions = e.ActiveSessions,
                MaxSessions = e.Options.MaxSessions,
                BatchPerSession = e.Options.BatchPerSession,
                LatencyBudgetMs = e.Latency.TotalMilliseconds,
                MelAlignment = e.AlignmentOffsetFrames,
                FaceFraming = e.Framing.Name,
                MarginNeededP99Ms = e.MarginNeededP99Ms is { } p99 ? Math.Round(p99, 1) : null,
            };
            return new StatsResponse(info, e.BatcherStats, [.. e.Sessions.Select(s => s.GetStats()).OrderBy(s => s.StartedAt)], e.Capacity);
        });
    }
}
