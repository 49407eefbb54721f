using Microsoft.AspNetCore.Builder;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>
/// The real server as the browser tests run it: its own Kestrel on a free port, webrtcbin, ONNX Runtime over the
/// procedural test model (its mouth change is large and unmistakable in an encoded stream, H.264 or VP8, so the tests
/// judge the pipeline, not a model), the built-in avatar and one API key. Owns the application.
/// </summary>
internal sealed class RealServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RealServer(WebApplication app)
    {
        _app = app;
        Url = app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal));
    }

    /// <summary>Where it listens, <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url { get; }

    /// <summary>Builds and starts the server, accepting <paramref name="apiKey"/>, with more <c>--StreamLip:Key=value</c> settings.</summary>
    public static async Task<RealServer> StartAsync(string apiKey, params string[] settings)
    {
        var app = ServerHost.Build(["--urls", "http://127.0.0.1:0", $"--StreamLip:ModelPath={Path.Combine(StreamLipHome.Path, StreamLipHome.TestModel)}", $"--StreamLip:Auth:ApiKeys:0={apiKey}", "--StreamLip:Capacity:Enabled=false", .. settings]);
        await app.StartAsync();
        return new RealServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
