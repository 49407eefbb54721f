using StreamLip.Server.Avatars;
using StreamLip.Server.Hosting;

namespace StreamLip.Server.Api;

/// <summary><c>GET /healthz</c>, <c>GET /api/stats</c>, <c>GET /api/avatars</c>.</summary>
internal static class InfoEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (EngineHost host) => new HealthResponse("ok", host.Engine.ActiveSessions, host.Engine.Options.MaxSessions));
        app.MapGet("/api/avatars", (AvatarCatalog avatars) => new AvatarsResponse(avatars.DefaultName, avatars.List()));
        app.MapGet("/api/stats", (EngineHost host) =>
        {
            var e = host.Engine;
            var info = new EngineInfo(host.ModelPath, e.Model.Provider, e.Model.FaceSize, e.ActiveSessions, e.Options.MaxSessions, e.Options.BatchPerSession, e.Latency.TotalMilliseconds, e.AlignmentOffsetFrames, e.Framing.Name);
            return new StatsResponse(info, e.BatcherStats, [.. e.Sessions.Select(s => s.GetStats()).OrderBy(s => s.StartedAt)]);
        });
    }
}
