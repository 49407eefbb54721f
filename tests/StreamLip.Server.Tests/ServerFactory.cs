using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using StreamLip.Server.Transport;

namespace StreamLip.Server.Tests;

/// <summary>
/// The real server (real ONNX Runtime session over models/test/streamlip-test-96.onnx) on a test host, with the test
/// avatar and, unless told otherwise, a fake transport instead of WebRTC.
/// </summary>
internal sealed class ServerFactory(AvatarFixture avatars, IReadOnlyDictionary<string, string?>? settings = null, bool fakeTransport = true)
    : WebApplicationFactory<Program>
{
    public FakeTransportFactory Transports { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("StreamLip:AvatarsDirectory", avatars.Root);
        builder.UseSetting("StreamLip:DefaultAvatar", AvatarFixture.Name);
        builder.UseSetting("StreamLip:StatsIntervalMs", "200");
        // The procedural test model: its mouth and its inference alignment are what these tests assert on.
        builder.UseSetting("StreamLip:ModelPath", Path.Combine(StreamLipHome.Path, StreamLipHome.TestModel));
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
        });
    }
}
