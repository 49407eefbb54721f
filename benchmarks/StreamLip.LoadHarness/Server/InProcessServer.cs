using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using StreamLip.Server;

namespace StreamLip.LoadHarness.Server;

/// <summary>
/// The real server (<see cref="ServerHost.Build"/>: default model, built-in avatar, WebRTC through webrtcbin) started in
/// the harness's own process on a free loopback port.
/// </summary>
internal sealed class InProcessServer : IServerTarget
{
    private readonly WebApplication _app;

    private InProcessServer(WebApplication app, Uri baseAddress, string description, string apiKey)
    {
        ApiKey = apiKey;
        _app = app;
        BaseAddress = baseAddress;
        Description = description;
    }

    public Uri BaseAddress { get; }

    public int? ProcessId => Environment.ProcessId;

    public bool InProcess => true;

    public string Description { get; }

    public string? ApiKey { get; }

    /// <summary>Builds and starts the server with <paramref name="settings"/> (e.g. <c>--StreamLip:MaxSessions=32</c>) on 127.0.0.1:0.</summary>
    public static async Task<InProcessServer> StartAsync(IReadOnlyList<string> settings, CancellationToken cancellationToken)
    {
        // A key of this run's own, so that the server prints none and the clients can use it.
        string key = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        string[] args = ["--urls", "http://127.0.0.1:0", $"--StreamLip:Auth:ApiKeys:0={key}", .. settings];
        WebApplication app = ServerHost.Build(args);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The in-process server reports no address.");
            return new InProcessServer(app, new Uri(url.TrimEnd('/') + "/"), "in-process: ServerHost.Build(" + string.Join(' ', args.Where(a => !a.Contains(key, StringComparison.Ordinal))) + ")", key);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
