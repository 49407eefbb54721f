using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StreamLip.Server.Tests.Sessions;

using static StreamLip.Server.Tests.Capacity.CapacityProbe;

namespace StreamLip.Server.Tests.Capacity;

/// <summary>The hog test runs alone: it fills every core of the machine, which would slow any test beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MachineCpuCollection : ICollectionFixture<AvatarFixture>
{
    public const string Name = "Machine CPU (alone: the test fills every core)";
}

/// <summary>
/// The real server with admission by headroom as it ships (every core, other processes counted, the real CPU meter):
/// real busy-loop processes started beside it fill the machine, and its sessions drop to 12.5 fps newest first; once
/// they are killed the oldest comes back first. (CapacityApiTests scripts the readings to check the steps in detail.)
/// </summary>
[Collection(MachineCpuCollection.Name)]
public sealed class CpuHogTests(AvatarFixture avatars)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Busy_processes_beside_the_server_make_its_sessions_degrade_newest_first_and_the_oldest_comes_back_first()
    {
        using var factory = new ServerFactory(avatars, new Dictionary<string, string?>
        {
            ["StreamLip:MaxSessions"] = "8",
            ["StreamLip:Capacity:Enabled"] = "true",
            ["StreamLip:Capacity:SessionCores"] = "0.05",
            ["StreamLip:Capacity:SampleMs"] = "500",
        });
        using var client = factory.CreateClient();
        var ids = await OpenSessionsAsync(client, 3);

        var hogs = new List<Process>();
        try
        {
            for (int i = 0; i <= Environment.ProcessorCount; i++)
            {
                hogs.Add(Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "while :; do :; done"]) { UseShellExecute = false })!);
            }

            await WaitForAsync(client, s => Degraded(s, ids) == "DDD", "every session degraded under the hog", Timeout);
        }
        finally
        {
            foreach (var hog in hogs)
            {
                hog.Kill();
                hog.WaitForExit();
                hog.Dispose();
            }
        }

        // Dropped newest first (log 204, in order), each for the full CPU the hog made.
        var dropped = factory.Logs.Lines.Where(l => l.Id.Id == 204).Select(l => l.Message).ToList();
        Assert.Equal(ids.AsEnumerable().Reverse().Select(id => $"Session {id} dropped to 12.5 fps"), dropped.Take(3).Select(m => m[..(m.IndexOf(" fps", StringComparison.Ordinal) + 4)]));
        Assert.Contains(dropped, m => m.Contains("the CPU is full", StringComparison.Ordinal));
        var capacity = (await StatsAsync(client)).GetProperty("capacity");
        Assert.True(capacity.GetProperty("otherCores").GetDouble() > 0.5 || capacity.GetProperty("overloaded").GetBoolean(), capacity.ToString());

        // The hog gone, the oldest is back at 25 fps first.
        await WaitForAsync(client, s => Degraded(s, ids) != "DDD", "a session restored after the hog", Timeout);
        Assert.True(SpinWait.SpinUntil(() => factory.Logs.Lines.Any(l => l.Id.Id == 205), Timeout), "the restored session was not logged");
        string restored = factory.Logs.Lines.First(l => l.Id.Id == 205).Message;
        Assert.Equal($"Session {ids[0]} back to 25 fps: the load has gone", restored);
    }
}
