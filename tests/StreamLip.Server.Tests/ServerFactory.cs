using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StreamLip.Server.Hosting;
using StreamLip.Server.Transport;

namespace StreamLip.Server.Tests;

/// <summary>
/// The real server (real ONNX Runtime session over models/test/streamlip-test-96.onnx) on a test host, with the test
/// avatar and, unless told otherwise, a fake transport instead of WebRTC. It accepts the API key <see cref="ApiKey"/>,
/// and its clients (<c>CreateClient</c>, <see cref="SignalRJsonClient"/>) send it unless told otherwise.
/// </summary>
internal sealed class ServerFactory(AvatarFixture avatars, IReadOnlyDictionary<string, string?>? settings = null, bool fakeTransport = true)
    : WebApplicationFactory<Program>
{
    /// <summary>The API key the test server accepts (StreamLip:Auth:ApiKeys:0).</summary>
    public const string ApiKey = "streamlip-test-key-0123456789abcdef";

    public FakeTransportFactory Transports { get; } = new();

    /// <summary>What the server printed at start (the banner with the page's URL).</summary>
    public StringWriter Banner { get; } = new();

    /// <summary>Every log line of the server.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>The token <c>CreateClient</c> sends as <c>Authorization: Bearer</c>; null sends none. Default <see cref="ApiKey"/>.</summary>
    public string? ClientToken { get; init; } = ApiKey;

    /// <summary>More service registrations, made after the factory's own (a test's replacements win).</summary>
    public Action<IServiceCollection>? MoreServices { get; init; }

    /// <summary>False configures no key, so the server makes one at start. Default true.</summary>
    public bool ConfigureApiKey { get; init; } = true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("StreamLip:AvatarsDirectory", avatars.Root);
        builder.UseSetting("StreamLip:DefaultAvatar", AvatarFixture.Name);
        builder.UseSetting("StreamLip:StatsIntervalMs", "200");
        // Off unless a test turns it on: the machine's load (other tests, other processes) must not refuse or degrade the
        // sessions of tests about something else.
        builder.UseSetting("StreamLip:Capacity:Enabled", "false");
        // The procedural test model: its mouth and its inference alignment are what these tests assert on.
        builder.UseSetting("StreamLip:ModelPath", Path.Combine(StreamLipHome.Path, StreamLipHome.TestModel));
        if (ConfigureApiKey)
        {
            builder.UseSetting("StreamLip:Auth:ApiKeys:0", ApiKey);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (fakeTransport)
            {
                services.AddSingleton<ISessionTransportFactory>(Transports);
            }

            services.AddSingleton(new BannerWriter(Banner));
            services.AddSingleton<ILoggerProvider>(Logs);
            MoreServices?.Invoke(services);
        });
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (ClientToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ClientToken);
        }
    }
}
