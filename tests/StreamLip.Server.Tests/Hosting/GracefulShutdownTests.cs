using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StreamLip.Server.Hosting;

namespace StreamLip.Server.Tests.Hosting;

[Collection(ServerCollection.Name)]
public sealed class GracefulShutdownTests(AvatarFixture avatars)
{
    [Fact]
    public async Task Stopping_tells_each_page_then_ends_every_session_cleanly_within_the_shutdown_timeout()
    {
        var factory = new ServerFactory(avatars);
        try
        {
            using var http = factory.CreateClient();
            using var offer = await Sdp.PostOfferAsync(http);
            offer.EnsureSuccessStatusCode();
            await using var page = await SignalRJsonClient.ConnectAsync(factory.Server);
            Assert.True((await page.InvokeAsync("Offer", Sdp.Offer, null)).TryGetProperty("result", out _));
            var transports = factory.Transports.Created.ToList();
            Assert.Equal(2, transports.Count);

            // What SIGTERM and Ctrl+C do first; the host's StopAsync (below, in Dispose) follows.
            factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            var notice = await page.NextCallAsync("Error");
            Assert.Equal(GracefulShutdown.Notice, notice[0].GetString());

            var clock = Stopwatch.StartNew();
            factory.Dispose();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"stopping took {clock.Elapsed}");
            Assert.All(transports, t => Assert.True(t.Disposed));
            // The HTTP session is ended by the shutdown; the page's may already have ended when SignalR closed its connection.
            Assert.InRange(factory.Logs.Lines.Count(l => l.Id.Id == 501), 1, 2);
            Assert.Contains(factory.Logs.Lines, l => l.Id.Id == 502 && l.Message.Contains("1 page(s) told", StringComparison.Ordinal));
            // Each session's summary line, written by a continuation of its completion (it may trail the stop a little).
            for (int i = 0; i < 100 && factory.Logs.Lines.Count(l => l.Id.Id == 201) < 2; i++)
            {
                await Task.Delay(20);
            }

            Assert.Equal(2, factory.Logs.Lines.Count(l => l.Id.Id == 201));
        }
        finally
        {
            factory.Dispose();
        }
    }

    [Fact]
    public async Task Every_line_the_server_logs_has_an_event_id()
    {
        using var factory = new ServerFactory(avatars, new Dictionary<string, string?> { ["StreamLip:MaxSessions"] = "1" }) { ClientToken = null };
        using var client = factory.CreateClient();
        await client.GetAsync("/api/stats");
        client.DefaultRequestHeaders.Authorization = new("Bearer", ServerFactory.ApiKey);
        using var first = await Sdp.PostOfferAsync(client);
        using var refused = await Sdp.PostOfferAsync(client);
        using var bad = await Sdp.PostOfferAsync(client, "hello");
        factory.Dispose();

        var ours = factory.Logs.Lines.Where(l => l.Category.StartsWith("StreamLip", StringComparison.Ordinal)).ToList();
        Assert.Contains(ours, l => l.Id.Id == 400); // refused request
        Assert.Contains(ours, l => l.Id.Id == 202); // server full
        Assert.All(ours, l => Assert.True(l.Id.Id > 0, $"{l.Category}: '{l.Message}' has no event id"));
    }
}
