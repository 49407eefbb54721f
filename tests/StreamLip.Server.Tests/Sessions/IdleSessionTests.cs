using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace StreamLip.Server.Tests.Sessions;

[Collection(ServerCollection.Name)]
public sealed class IdleSessionTests(AvatarFixture avatars) : IDisposable
{
    private readonly ServerFactory _factory = new(avatars, new Dictionary<string, string?> { ["StreamLip:IdleSessionTimeoutSeconds"] = "1" });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_session_without_audio_ends_after_the_timeout_and_its_page_is_told_why()
    {
        await using var hub = await SignalRJsonClient.ConnectAsync(_factory.Server);
        var clock = Stopwatch.StartNew();
        Assert.True((await hub.InvokeAsync("Offer", Sdp.Offer, null)).TryGetProperty("result", out _));

        var error = await hub.NextCallAsync("Error");

        Assert.Contains("no audio for 1 s", error[0].GetString(), StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 10);
        await WaitAsync(() => Assert.Single(_factory.Transports.Created).Disposed);
        Assert.Contains(_factory.Logs.Lines, l => l.Id.Id == 500);
    }

    [Fact]
    public async Task A_session_that_hears_audio_stays()
    {
        using var client = _factory.CreateClient();
        using var offer = await Sdp.PostOfferAsync(client);
        var transport = Assert.Single(_factory.Transports.Created);

        // 2.5 s of quiet microphone packets, as a page sends while its user listens.
        float[] chunk = new float[320];
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 125; i++)
        {
            transport.Speak(chunk);
            var due = TimeSpan.FromMilliseconds(20 * (i + 1));
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
        }

        Assert.False(transport.Disposed);
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/stats");
        Assert.Equal(1, stats.GetProperty("sessions").GetArrayLength());

        // Then silence: it goes.
        await WaitAsync(() => transport.Disposed);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
