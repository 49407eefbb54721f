using StreamLip.Avatars;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Avatars;
using StreamLip.Server.Transport;

namespace StreamLip.Server.Sessions;

/// <summary>Maps what signalling throws to what the client is told.</summary>
internal static class SignallingErrors
{
    /// <summary>True for the failures whose message is meant for the client (a cluster's remote problems, as
    /// <see cref="Speech.SpeechException"/>, included).</summary>
    public static bool IsClientError(Exception e) =>
        e is SignallingException or AvatarNotFoundException or AvatarException or SessionLimitException or TransportUnavailableException or Speech.SpeechException;

    /// <summary>The HTTP status and title of a client error (see <see cref="IsClientError"/>).</summary>
    public static (int Status, string Title) Describe(Exception e) => e switch
    {
        SignallingException s => (s.StatusCode, s.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Offer too large" : "Bad offer"),
        AvatarNotFoundException => (StatusCodes.Status404NotFound, "Unknown avatar"),
        AvatarException => (StatusCodes.Status500InternalServerError, "Broken avatar"),
        SessionLimitException => (StatusCodes.Status429TooManyRequests, "Server full"),
        TransportUnavailableException => (StatusCodes.Status503ServiceUnavailable, "No media transport"),
        Speech.SpeechException s => (s.StatusCode, s.Title),
        _ => throw new ArgumentException("Not a client error.", nameof(e), e),
    };

    /// <summary>The HTTP answer for a client error (see <see cref="IsClientError"/>): problem+json, with Retry-After when it is a 429.</summary>
    public static IResult ToResult(Exception e, HttpContext http)
    {
        var (status, title) = Describe(e);
        if (status == StatusCodes.Status429TooManyRequests)
        {
            http.Response.Headers.RetryAfter = "10";
        }

        return Problem(status, title, e.Message);
    }

    /// <summary>A problem+json answer.</summary>
    public static IResult Problem(int status, string title, string detail) => Results.Problem(detail: detail, statusCode: status, title: title);
}
