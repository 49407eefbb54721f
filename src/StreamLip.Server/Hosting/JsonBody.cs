using System.Text.Json;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Hosting;

/// <summary>JSON request bodies with a size limit and clear errors (the model binder's are terse or empty).</summary>
internal static class JsonBody
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads a JSON body of at most <paramref name="limit"/> bytes; on failure, the problem answer to return.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext http, int limit)
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

}
