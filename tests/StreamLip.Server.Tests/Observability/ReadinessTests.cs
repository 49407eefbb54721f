using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using StreamLip.Server.Hosting;
using StreamLip.Server.Observability;

namespace StreamLip.Server.Tests.Observability;

[Collection(ServerCollection.Name)]
public sealed class ReadinessTests(AvatarFixture avatars) : IDisposable
{
    private readonly ServerFactory _factory = new(avatars, new Dictionary<string, string?> { ["StreamLip:MaxSessions"] = "1" }) { ClientToken = null };

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Ready_with_the_model_gstreamer_and_room_then_not_when_full_then_ready_again()
    {
        using var probe = _factory.CreateClient();
        using var control = _factory.CreateClient();
        control.DefaultRequestHeaders.Authorization = new("Bearer", ServerFactory.ApiKey);

        var ready = await ReadAsync(probe, HttpStatusCode.OK);
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("streamlip-test-96.onnx", ready.GetProperty("model").GetString());
        Assert.StartsWith("GStreamer 1.", ready.GetProperty("gstreamer").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, ready.GetProperty("sessions").GetInt32());
        Assert.Equal(1, ready.GetProperty("capacity").GetInt32());

        using var offer = await Sdp.PostOfferAsync(control);
        var full = await ReadAsync(probe, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("not-ready", full.GetProperty("status").GetString());
        Assert.Contains("no capacity left", full.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, full.GetProperty("capacity").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/healthz")).StatusCode); // alive all the same

        string? id = (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();
        await control.DeleteAsync($"/api/webrtc/{id}");
        await ReadAsync(probe, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Not_ready_once_the_server_is_stopping()
    {
        using var probe = _factory.CreateClient();
        await ReadAsync(probe, HttpStatusCode.OK);
        // The test host tears its services down as soon as stopping begins, so the check is asked directly, as /readyz would.
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        var check = new ReadinessCheck(_factory.Services.GetRequiredService<EngineHost>(), _factory.Services.GetRequiredService<GStreamerProbe>(), new StoppingLifetime(stopping.Token), NullLogger<ReadinessCheck>.Instance);

        var result = check.Check();

        Assert.Equal("not-ready", result.Status);
        Assert.Contains("shutting down", result.Reason, StringComparison.Ordinal);
    }

    private async Task<JsonElement> ReadAsync(HttpClient client, HttpStatusCode expected)
    {
        using var response = await client.GetAsync("/readyz");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(expected == response.StatusCode, body + string.Concat(_factory.Logs.Lines.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(l => "\n" + l.Message)));
        return body;
    }

    private sealed class StoppingLifetime(CancellationToken stopping) : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => stopping;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
