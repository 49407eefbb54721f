using Microsoft.Extensions.Options;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Web;

/// <summary>The page (web/, index at <c>/</c>), the chromeless viewer at <c>/viewer</c>, and the SignalR browser client at
/// <c>/lib/signalr.min.js</c>.</summary>
internal static class PageEndpoints
{
    /// <summary>Where npm puts the browser build of <c>@microsoft/signalr</c>, relative to web/.</summary>
    public const string SignalRClient = "node_modules/@microsoft/signalr/dist/browser/signalr.min.js";

    public static void Use(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PageEndpoints));
        string root = options.WebRoot!;
        if (!Directory.Exists(root))
        {
            return; // the API still works without the page
        }

        var files = new PageFileProvider(root);
        app.Lifetime.ApplicationStopped.Register(files.Dispose);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        logger.ServingPage(root);

        string client = Path.Combine(root, SignalRClient);
        if (!File.Exists(client))
        {
            logger.SignalRClientMissing(client);
        }

        // The chromeless viewer (OBS Browser Source): /viewer?session=ID&token=VIEWER_TOKEN.
        string viewer = Path.Combine(root, "viewer.html");
        app.MapGet("/viewer", () => Results.File(viewer, "text/html; charset=utf-8"));

        app.MapGet("/lib/signalr.min.js", () => File.Exists(client)
            ? Results.File(client, "text/javascript")
            : SignallingErrors.Problem(StatusCodes.Status404NotFound, "SignalR client missing", $"{client} is missing: run ./streamlip setup (npm ci in web/)."));
    }
}
