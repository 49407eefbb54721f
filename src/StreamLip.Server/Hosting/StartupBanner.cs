using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using StreamLip.Server.Options;
using StreamLip.Server.Security;

namespace StreamLip.Server.Hosting;

/// <summary>
/// Once the server listens, prints where the page is to the console (stdout), as Jupyter does: with a generated key the
/// URL carries it (<c>http://host:port/?token=KEY</c>), so the first run is one click. Configured keys are never printed.
/// </summary>
internal sealed class StartupBanner(
    IServer server,
    IHostApplicationLifetime lifetime,
    ApiKeys keys,
    IOptions<ServerOptions> options,
    BannerWriter writer,
    ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var auth = options.Value.Auth;
        if (auth.Disabled)
        {
            logger.AuthDisabled();
        }
        else if (keys.Generated is not null)
        {
            logger.ApiKeyGenerated();
        }
        else
        {
            logger.ApiKeysConfigured(keys.Count);
        }

        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The page's URL for a listening address (wildcard hosts shown as localhost).</summary>
    public static string PageUrl(string address, string? token)
    {
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }

        uri.Path = "/";
        uri.Query = token is null ? "" : "token=" + Uri.EscapeDataString(token);
        return uri.Uri.AbsoluteUri;
    }

    private void Print()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        if (addresses.Count == 0)
        {
            addresses.Add("http://localhost");
        }

        var auth = options.Value.Auth;
        var w = writer.Out;
        if (auth.Disabled)
        {
            w.WriteLine("StreamLip is serving WITHOUT AUTHENTICATION (StreamLip:Auth:Disabled=true). Open the page:");
            addresses.ForEach(a => w.WriteLine("    " + PageUrl(a, null)));
        }
        else if (keys.Generated is { } key)
        {
            w.WriteLine("StreamLip is serving. Open the page (the link carries this run's access token):");
            addresses.ForEach(a => w.WriteLine("    " + PageUrl(a, key)));
            w.WriteLine($"API key for this run: {key}  (API calls: Authorization: Bearer {key}; set STREAMLIP_API_KEYS to keep one)");
        }
        else
        {
            w.WriteLine("StreamLip is serving. Open the page with your API key as ?token=<key>:");
            addresses.ForEach(a => w.WriteLine("    " + PageUrl(a, null) + "?token=<key>"));
        }

        w.Flush();
    }
}
