using Microsoft.Extensions.Options;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;
using StreamLip.Server.Security;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Sessions;

/// <summary>
/// WebRTC viewers of a session (what <c>/viewer?session=…&amp;token=…</c> uses): <c>POST /api/sessions/{id}/viewers</c>
/// {sdp} → {viewerId, answer}; <c>DELETE /api/sessions/{id}/viewers/{viewerId}</c>. A session's viewer token is enough
/// for these two (see Security/ViewerTokens.cs).
/// </summary>
internal static class ViewerEndpoints
{
    public static RouteGroupBuilder Map(IEndpointRouteBuilder app)
    {
        var viewers = app.MapGroup("/api/sessions/{id}/viewers").AllowViewerToken();
        viewers.MapPost("/", AddAsync);
        viewers.MapDelete("/{viewerId}", (string id, string viewerId, ViewerManager manager) =>
            manager.Remove(id, viewerId)
                ? Results.NoContent()
                : SignallingErrors.Problem(StatusCodes.Status404NotFound, "Unknown viewer", $"No viewer '{viewerId}' watches session '{id}'."));
        return viewers;
    }

    private static async Task<IResult> AddAsync(string id, HttpContext http, ViewerManager manager, IOptions<ServerOptions> options, ILoggerFactory logs)
    {
        var (request, error) = await JsonBody.ReadAsync<ViewerRequest>(http, options.Value.MaxRequestBodyBytes).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        try
        {
            var viewer = await manager.AddAsync(id, request!.Sdp, http.RequestAborted).ConfigureAwait(false);
            return viewer is null
                ? SignallingErrors.Problem(StatusCodes.Status404NotFound, "Unknown session", $"No session '{id}' runs here (it may have ended).")
                : Results.Created($"/api/sessions/{id}/viewers/{viewer.SessionId}", new ViewerResponse(viewer.SessionId, viewer.Answer));
        }
        catch (Exception e) when (SignallingErrors.IsClientError(e))
        {
            logs.CreateLogger(typeof(ViewerEndpoints)).ViewerRejected(id, e.Message);
            return SignallingErrors.ToResult(e, http);
        }
    }
}
