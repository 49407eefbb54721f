using System.Text.Json;
using Microsoft.Extensions.Options;
using StreamLip.Realtime;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;
using StreamLip.Server.Security;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Api;

/// <summary>
/// The HTTP signalling API for non-browser clients and the load harness: <c>POST /api/webrtc/offer</c>,
/// <c>POST /api/webrtc/{id}/candidate</c>, <c>DELETE /api/webrtc/{id}</c>. Errors are problem+json with the reason.
/// </summary>
internal static class SignallingEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/webrtc");
        api.MapPost("/offer", OfferAsync);
        api.MapPost("/{id}/candidate", CandidateAsync);
        api.MapDelete("/{id}", async (string id, SessionManager sessions) =>
            await sessions.StopAsync(id).ConfigureAwait(false) ? Results.NoContent() : NoSession(id));
    }

    private static async Task<IResult> OfferAsync(HttpContext http, SessionManager sessions, IOptions<ServerOptions> options, ILoggerFactory logs)
    {
        var (request, error) = await ReadAsync<OfferRequest>(http, options.Value.MaxRequestBodyBytes).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        try
        {
            var started = await sessions.StartAsync(request!.Sdp, request.Avatar, null, http.RequestAborted, Caller.KeyOf(http.User)).ConfigureAwait(false);
            return Results.Ok(new OfferResponse(started.SessionId, started.Answer));
        }
        catch (Exception e) when (SignallingErrors.IsClientError(e))
        {
            logs.CreateLogger(typeof(SignallingEndpoints)).OfferRejected(e.Message);
            return SignallingErrors.ToResult(e, http);
        }
    }

    private static async Task<IResult> CandidateAsync(string id, HttpContext http, SessionManager sessions, IOptions<ServerOptions> options)
    {
        var (request, error) = await ReadAsync<CandidateRequest>(http, options.Value.MaxRequestBodyBytes).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        try
        {
            return sessions.AddCandidate(id, new IceCandidate(request!.Candidate ?? "", request.SdpMLineIndex ?? -1)) ? Results.NoContent() : NoSession(id);
        }
        catch (SignallingException e)
        {
            return SignallingErrors.ToResult(e, http);
        }
    }

    // Reads a JSON body with a size limit and clear errors (the model binder's are terse or empty).
    private static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext http, int limit)
        where T : class
    {
        if (!http.Request.HasJsonContentType())
        {
            return (null, SignallingErrors.Problem(StatusCodes.Status415UnsupportedMediaType, "Not JSON", "Send the body as application/json."));
        }

        if (http.Request.ContentLength > limit)
        {
            return (null, TooLarge(http.Request.ContentLength.Value, limit));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, http.RequestAborted).ConfigureAwait(false);
            return value is null
                ? (null, SignallingErrors.Problem(StatusCodes.Status400BadRequest, "Bad JSON", "The body is JSON null; send an object."))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, SignallingErrors.Problem(StatusCodes.Status400BadRequest, "Bad JSON", $"The body is not valid JSON for this call: {e.Message}"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(null, limit));
        }
    }

    private static IResult TooLarge(long? length, int limit) =>
        SignallingErrors.Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body is {(length is null ? "over the limit" : length + " bytes")}; at most {limit} bytes are accepted (StreamLip:MaxRequestBodyBytes).");

    private static IResult NoSession(string id) =>
        SignallingErrors.Problem(StatusCodes.Status404NotFound, "Unknown session", $"No session '{id}' runs here (it may have ended).");
}
