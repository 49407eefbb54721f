using Microsoft.Extensions.Options;
using StreamLip.Server.Hosting;
using StreamLip.Server.Observability;
using StreamLip.Server.Options;

namespace StreamLip.Server.Security;

/// <summary>
/// Guards control and signalling: <c>/api/**</c>, <c>/hub</c> and (unless <see cref="AuthOptions.PublicMetrics"/>)
/// <c>/metrics</c> need an API key, as <c>Authorization: Bearer KEY</c> or <c>?access_token=KEY</c> (SignalR's
/// WebSocket and SSE transports cannot send headers). A session's viewer token reaches only endpoints marked with
/// <see cref="AllowViewerTokenAttribute"/> for that session. Everything else (the page, <c>/healthz</c>, <c>/readyz</c>)
/// is public. Runs after routing, so the endpoint and its route values are known.
/// </summary>
/// <remarks>
/// Refusals say nothing about why: 401 (no or unknown token, with <c>WWW-Authenticate: Bearer</c>) or 403 (a viewer
/// token where it may not go), each with the same generic problem body. The reason goes to the log and a metric only.
/// </remarks>
internal sealed class BearerAuthMiddleware(
    RequestDelegate next,
    ApiKeys keys,
    ViewerTokens viewers,
    IOptions<ServerOptions> options,
    ServerMetrics metrics,
    ILogger<BearerAuthMiddleware> logger)
{
    private const string QueryToken = "access_token";
    private readonly AuthOptions _auth = options.Value.Auth;

    public Task InvokeAsync(HttpContext context)
    {
        if (!IsProtected(context.Request.Path))
        {
            return next(context);
        }

        if (_auth.Disabled)
        {
            context.User = Caller.ForKey(Caller.Anonymous);
            return next(context);
        }

        string? token = TokenOf(context.Request);
        if (token is null)
        {
            return RefuseAsync(context, StatusCodes.Status401Unauthorized, "missing");
        }

        if (keys.Match(token) is { } keyId)
        {
            context.User = Caller.ForKey(keyId);
            return next(context);
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<AllowViewerTokenAttribute>() is { } allow
            && SessionOf(context, allow.SessionParameter) is { } sessionId
            && viewers.Validate(sessionId, token))
        {
            context.User = Caller.ForViewer(sessionId);
            return next(context);
        }

        return viewers.IsIssued(token)
            ? RefuseAsync(context, StatusCodes.Status403Forbidden, "forbidden")
            : RefuseAsync(context, StatusCodes.Status401Unauthorized, "invalid");
    }

    private bool IsProtected(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/hub", StringComparison.OrdinalIgnoreCase)
        || (!_auth.PublicMetrics && path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase));

    private static string? TokenOf(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            string token = header["Bearer ".Length..].Trim();
            return token.Length > 0 ? token : null;
        }

        string? query = request.Query[QueryToken];
        return string.IsNullOrEmpty(query) ? null : query;
    }

    private static string? SessionOf(HttpContext context, string parameter)
    {
        string? id = context.Request.RouteValues.TryGetValue(parameter, out object? value) ? value?.ToString() : null;
        id ??= context.Request.Query[parameter];
        return string.IsNullOrEmpty(id) ? null : id;
    }

    private async Task RefuseAsync(HttpContext context, int status, string reason)
    {
        metrics.AuthFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));
        logger.AuthRefused(context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress?.ToString(), status, reason);
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"StreamLip\"";
        }

        var result = status == StatusCodes.Status401Unauthorized
            ? Results.Problem(statusCode: status, title: "Unauthorized", detail: "This needs an API key: send 'Authorization: Bearer <key>' (the page: open the URL that ./streamlip serve prints).")
            : Results.Problem(statusCode: status, title: "Forbidden", detail: "This token may not do this.");
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }
}
