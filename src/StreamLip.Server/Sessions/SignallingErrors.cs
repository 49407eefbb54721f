using StreamLip.Avatars;
using StreamLip.Realtime;
using StreamLip.Server.Avatars;
using StreamLip.Server.Transport;

namespace StreamLip.Server.Sessions;

/// <summary>Maps what signalling throws to what the client is told.</summary>
internal static class SignallingErrors
{
    /// <summary>True for the failures whose message is meant for the client.</summary>
    public static bool IsClientError(Exception e) =>
        e is SignallingException or AvatarNotFoundException or AvatarException or SessionLimitException or TransportUnavailableException;

    /// <summary>The HTTP answer for a client error (see <see cref="IsClientError"/>).</summary>
    public static IResult ToResult(Exception e, HttpContext http) => e switch
    {
        SignallingException s => Problem(s.StatusCode, s.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Offer too large" : "Bad offer", s.Message),
        AvatarNotFoundException => Problem(StatusCodes.Status404NotFound, "Unknown avatar", e.Message),
        AvatarException => Problem(StatusCodes.Status500InternalServerError, "Broken avatar", e.Message),
        SessionLimitException => TooMany(e.Message, http),
        TransportUnavailableException => Problem(StatusCodes.Status503ServiceUnavailable, "No media transport", e.Message),
        _ => throw new ArgumentException("Not a client error.", nameof(e), e),
    };

    /// <summary>A problem+json answer.</summary>
    public static IResult Problem(int status, string title, string detail) => Results.Problem(detail: detail, statusCode: status, title: title);

    private static IResult TooMany(string message, HttpContext http)
    {
        http.Response.Headers.RetryAfter = "10";
        return Problem(StatusCodes.Status429TooManyRequests, "Server full", message);
    }
}
