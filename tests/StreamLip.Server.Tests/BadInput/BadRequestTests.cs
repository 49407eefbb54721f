using System.Net;
using System.Text.Json;
using StreamLip.Server.Tests.Sessions;

namespace StreamLip.Server.Tests.BadInput;

/// <summary>
/// Issue #6 item 3 on the server: every bad request of <see cref="BadRequests"/>, every bad hub call and every offer the
/// real WebRTC transport cannot parse ends in a clear error, and the server is healthy after it.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class BadRequestTests(BadInputServer server) : IClassFixture<BadInputServer>
{
    [Theory]
    [MemberData(nameof(BadRequests.Names), MemberType = typeof(BadRequests))]
    public async Task A_bad_request_gets_a_clear_error_and_the_server_stays_healthy(string name)
    {
        var bad = BadRequests.Cases[name];
        using var client = server.Factory.CreateClient();

        using var response = await bad.Send(server, client);

        await SignallingApiTests.AssertProblem(response, bad.Status, bad.Fragment);
        await server.AssertHealthyAsync(client);
    }

    [Theory]
    [InlineData("Offer", "hello", null, "not SDP")]
    [InlineData("Offer", "", null, "no SDP")]
    [InlineData("Offer", "v=0", "../etc", "No avatar '../etc'")]
    [InlineData("AddIceCandidate", "candidate:1", 0, "send an offer first")]
    [InlineData("NoSuchMethod", "x", null, "Failed to invoke 'NoSuchMethod'")]
    public async Task A_bad_hub_call_is_a_hub_error_and_the_server_stays_healthy(string method, string first, object? second, string fragment)
    {
        using var client = server.Factory.CreateClient();
        await using (var hub = await SignalRJsonClient.ConnectAsync(server.Factory.Server))
        {
            object? argument = method == "Offer" && second is string avatar ? new { avatar } : second;

            var completion = await hub.InvokeAsync(method, first, argument);

            Assert.True(completion.TryGetProperty("error", out var error), completion.ToString());
            Assert.Contains(fragment, error.GetString(), StringComparison.Ordinal);
        }

        await server.AssertHealthyAsync(client);
    }

    [Fact]
    public async Task An_oversize_hub_message_closes_only_that_connection()
    {
        using var client = server.Factory.CreateClient();
        await using (var hub = await SignalRJsonClient.ConnectAsync(server.Factory.Server))
        {
            // Beyond MaxSdpBytes + 16 KiB: SignalR drops the connection instead of buffering it.
            var completion = hub.InvokeAsync("Offer", Sdp.OfSize(256 * 1024), null);
            await Assert.ThrowsAnyAsync<Exception>(() => completion.WaitAsync(TimeSpan.FromSeconds(20)));
        }

        await server.AssertHealthyAsync(client);
    }

    [Theory]
    [InlineData("v=0\r\nthis is not a session description\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 NOPE/1\r\na=mid:0\r\na=recvonly\r\n")]
    public async Task Sdp_that_webrtcbin_cannot_answer_is_a_400_and_leaves_no_session(string sdp)
    {
        using var factory = new ServerFactory(server.Avatars, fakeTransport: false);
        using var client = factory.CreateClient();

        using var response = await Sdp.PostOfferAsync(client, sdp);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var health = JsonDocument.Parse(await client.GetStringAsync("/healthz")).RootElement;
        Assert.Equal(0, health.GetProperty("activeSessions").GetInt32());

        // A client's mistake: one warning with the reason, no error and no stack trace in the log.
        Assert.Contains(factory.Logs.Lines, l => l.Id.Id == 303 && l.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Message.Contains("   at ", StringComparison.Ordinal));
    }
}
