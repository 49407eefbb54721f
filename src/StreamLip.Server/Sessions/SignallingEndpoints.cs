using System.Text.Json;
using Microsoft.Extensions.Options;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;
using StreamLip.Server.Security;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Sessions;

/// <summary>
/// The HTTP signalling API for non-browser clients and the load harness: <c>POST /api/webrtc/offer</c>,
/// <c>POST /api/webrtc/{id}/candidate</c>, <c>DELETE /api/webrtc/{id}</c>. Errors are problem+json with the reason.
/// </summary>
internal static class SignallingEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/webrtc");
        api.MapPost("/offer", OfferAsync);
        api.MapPost("/{id}/candidate", CandidateAsync);
        api.MapDelete("/{id}", async (string id, HttpContext http, ISessionControl sessions) =>
        {
            try
            {
                return await sessions.StopAsync(id).ConfigureAwait(false) ? Results.NoContent() : NoSession(id);
            }
            catch (Exception e) when (SignallingErrors.IsClientError(e))
            {
                return SignallingErrors.ToResult(e, http);
            }
        });
    }

    private static async Task<IResult> OfferAsync(HttpContext http, ISessionControl sessions, IOptions<ServerOptions> options, ILoggerFactory logs)
    {
        var (request, error) = await JsonBody.ReadAsync<OfferRequest>(http, options.Value.MaxRequestBodyBytes).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        try
        {
            var started = await sessions.StartAsync(new OfferStart(request!.Sdp, request.Avatar, null, request.Conversation == true, Caller.KeyOf(http.User)), http.RequestAborted).ConfigureAwait(false);
            return Results.Ok(new OfferResponse(started.SessionId, started.Answer));
        }
        catch (Exception e) when (SignallingErrors.IsClientError(e))
        {
            logs.CreateLogger(typeof(SignallingEndpoints)).OfferRejected(e.Message);
            return SignallingErrors.ToResult(e, http);
        }
    }

    private static async Task<IResult> CandidateAsync(string id, HttpContext http, ISessionControl sessions, IOptions<ServerOptions> options)
    {
        var (request, error) = await JsonBody.ReadAsync<CandidateRequest>(http, options.Value.MaxRequestBodyBytes).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        try
        {
            return await sessions.AddCandidateAsync(id, new IceCandidate(request!.Candidate ?? "", request.SdpMLineIndex ?? -1)).ConfigureAwait(false) ? Results.NoContent() : NoSession(id);
        }
        catch (Exception e) when (SignallingErrors.IsClientError(e))
        {
            return SignallingErrors.ToResult(e, http);
        }
    }

    private static IResult NoSession(string id) =>
        SignallingErrors.Problem(StatusCodes.Status404NotFound, "Unknown session", $"No session '{id}' runs here (it may have ended).");
}
