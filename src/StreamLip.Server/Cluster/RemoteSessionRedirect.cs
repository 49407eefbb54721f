using System.Text.RegularExpressions;

namespace StreamLip.Server.Cluster;

/// <summary>
/// The calls on a session that stream media or files to or from its node — audio uploads and the PCM WebSocket,
/// outputs, recordings, viewers, the conversation's HTTP calls — are answered by the node that runs it: on any other
/// node they get a 307 to the same path there (the method and body go along). Control calls (candidates, stop, state,
/// speak, interrupt) do not come here: they reach the owner through its grain.
/// </summary>
internal sealed partial class RemoteSessionRedirect(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, Sessions.LocalSessionControl local, ClusterSessionControl control, NodeIdentity node)
    {
        if (SessionPath().Match(http.Request.Path.Value ?? "") is { Success: true } m && !local.Runs(m.Groups["id"].Value))
        {
            ControlReply? owner = await control.LocateAsync(m.Groups["id"].Value).ConfigureAwait(false);
            if (owner?.OwnerUrl is { Length: > 0 } url && owner.Owner != node.Silo)
            {
                http.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                http.Response.Headers.Location = url + http.Request.Path + http.Request.QueryString;
                return;
            }
        }

        await next(http).ConfigureAwait(false);
    }

    // /api/sessions/{id}/X for every X but the control calls (speak, interrupt) the grain carries.
    [GeneratedRegex(@"^/api/sessions/(?<id>[A-Za-z0-9_-]{1,64})/(?!speak$|interrupt$)[a-z-]+(/.*)?$")]
    private static partial Regex SessionPath();
}
