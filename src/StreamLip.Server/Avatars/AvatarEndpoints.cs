using Microsoft.Extensions.Options;
using StreamLip.Server.Avatars;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Avatars;

/// <summary><c>POST /api/avatars?name=NAME</c> (a photo or video as the body) and <c>GET /api/avatars/builds/{id}</c>.</summary>
internal static class AvatarEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/avatars", CreateAsync);
        app.MapGet("/api/avatars/builds/{id}", (string id, AvatarCreator creator) =>
            creator.Find(id) is { } job
                ? Results.Ok(AvatarBuildResponse.From(job))
                : SignallingErrors.Problem(StatusCodes.Status404NotFound, "Unknown build", $"No avatar build '{id}' (builds are kept until the server restarts, the last 32)."));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, AvatarCreator creator, IOptions<ServerOptions> options)
    {
        try
        {
            creator.CheckName(http.Request.Query["name"].FirstOrDefault());
        }
        catch (AvatarCreatorException e)
        {
            return Refused(e, http);
        }

        int limit = options.Value.AvatarCreator.MaxUploadBytes;
        var (path, length) = await Uploads.SaveAsync(http, limit, "streamlip-avatar-").ConfigureAwait(false);
        if (path is null)
        {
            return SignallingErrors.Problem(StatusCodes.Status413PayloadTooLarge, "File too large", $"At most {limit} bytes of photo or video are accepted (StreamLip:AvatarCreator:MaxUploadBytes).");
        }

        if (length == 0)
        {
            File.Delete(path);
            return SignallingErrors.Problem(StatusCodes.Status400BadRequest, "No file", "The body is empty; send a photo (PNG, JPEG) or a video of a face as the body.");
        }

        try
        {
            var job = creator.Start(http.Request.Query["name"].FirstOrDefault(), path);
            var response = AvatarBuildResponse.From(job);
            return Results.Accepted(response.StatusUrl, response);
        }
        catch (AvatarCreatorException e)
        {
            return Refused(e, http);
        }
    }

    private static IResult Refused(AvatarCreatorException e, HttpContext http)
    {
        if (e.StatusCode == StatusCodes.Status429TooManyRequests)
        {
            http.Response.Headers.RetryAfter = "5";
        }

        return SignallingErrors.Problem(e.StatusCode, e.Title, e.Message);
    }
}
