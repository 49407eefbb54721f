using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StreamLip.Server.Tests.Sessions;

namespace StreamLip.Server.Tests.Capacity;

/// <summary>What the capacity tests ask a running server: sessions opened one after another, its stats, a wait on them.</summary>
internal static class CapacityProbe
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Opens <paramref name="count"/> sessions, each admitted (200), 50 ms apart so their ages differ; their ids, oldest first.</summary>
    public static async Task<List<string>> OpenSessionsAsync(HttpClient client, int count)
    {
        var ids = new List<string>();
        for (int i = 0; i < count; i++)
        {
            using var response = await Sdp.PostOfferAsync(client);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!);
            await Task.Delay(50); // distinct start times: the order is by age
        }

        return ids;
    }

    public static async Task<JsonElement> StatsAsync(HttpClient client) => await client.GetFromJsonAsync<JsonElement>("/api/stats");

    /// <summary>'D' for each of <paramref name="ids"/> running at a reduced frame rate, '-' for the others, oldest first.</summary>
    public static string Degraded(JsonElement stats, List<string> ids)
    {
        var rate = stats.GetProperty("sessions").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!, s => s.GetProperty("frameRate").GetDouble());
        return string.Concat(ids.Select(id => rate.TryGetValue(id, out double r) && r < 25 ? 'D' : '-'));
    }

    /// <summary>Polls the stats every 100 ms until <paramref name="condition"/> holds; fails with the capacity figure after the timeout.</summary>
    public static async Task WaitForAsync(HttpClient client, Func<JsonElement, bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        JsonElement stats;
        do
        {
            stats = await StatsAsync(client);
            if (condition(stats))
            {
                return;
            }

            await Task.Delay(100);
        }
        while (clock.Elapsed < (timeout ?? DefaultTimeout));

        Assert.Fail($"no {what} within {(timeout ?? DefaultTimeout).TotalSeconds} s: {stats.GetProperty("capacity")}");
    }
}
