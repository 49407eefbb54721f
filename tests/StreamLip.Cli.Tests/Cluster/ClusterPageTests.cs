using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using StreamLip.Cli.Tests.Infrastructure;
using Xunit.Abstractions;
using static StreamLip.Cli.Tests.Cluster.ClusterProbe;

namespace StreamLip.Cli.Tests.Cluster;

/// <summary>
/// The page as a cluster's user meets it: Debian's Chromium opens the page of a front door (a node that runs no
/// sessions), its fake microphone speaking; the session runs on another node, its signalling, stats and speech events
/// cross nodes (grain calls one way, the hub's Redis backplane the other), its media comes straight from the owner.
/// <c>kill -9</c> of the owner: the page is told the session is lost and starts again, on the node that is left.
/// </summary>
[Collection(ClusterTests.Name)]
public sealed class ClusterPageTests(ITestOutputHelper output) : IDisposable
{
    // Membership declares a node dead in ≈ 2.5 s (3 missed 2 s probes); the page's new session then negotiates WebRTC.
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(15);

    private readonly string _dir = Directory.CreateTempSubdirectory("streamlip-cluster-page-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_page_on_a_front_door_plays_a_session_run_elsewhere_and_reconnects_to_a_live_node_when_its_node_dies()
    {
        using var redis = new RedisProcess();
        await redis.StartAsync();
        ServeProcess[] nodes = [];
        try
        {
            nodes = await StartNodesAsync(redis, ["--StreamLip:Cluster:FrontDoorOnly=true"], ["--StreamLip:Cluster:Slots=1"], ["--StreamLip:Cluster:Slots=1"]);
            var (front, b, c) = (nodes[0], nodes[1], nodes[2]);
            await UntilAsync(async () => (await ClusterAsync(front)) is { } v && Active(v) == 3 && v.GetProperty("freeSlots").GetInt32() == 2, TimeSpan.FromSeconds(60), "the three nodes join, the front door with no slot");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await Chromium.LaunchWithMicrophoneAsync(playwright, FakeMicrophone.Write(_dir));
            var page = await browser.NewPageAsync();
            var opened = Stopwatch.StartNew();
            await page.GotoAsync($"{front.Client.BaseAddress}?autostart=1&token={ServeProcess.ApiKey}");
            // Every line the page's status shows, in order (the reconnection's included).
            await page.EvaluateAsync("() => { window.statusLines = []; new MutationObserver(() => window.statusLines.push(document.getElementById('status').textContent)).observe(document.getElementById('status'), { childList: true, characterData: true, subtree: true }); }");
            string first = await LiveSessionAsync(page, null);
            TimeSpan toLive = opened.Elapsed;
            string startFirst = await StartTimesAsync(page);

            // The front door runs nothing; the session's node sends the page its media and, through the backplane, its stats.
            var owner = await OwnerAsync([b, c], first);
            var other = owner == b ? c : b;
            Assert.Empty(await SessionsAsync(front));
            double fps = await DecodedFpsAsync(page, TimeSpan.FromSeconds(4));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"session {first} on {owner.Client.BaseAddress}, page on {front.Client.BaseAddress}: live {toLive.TotalSeconds:F1} s after the page opened (offer → {startFirst}), {fps:F1} fps decoded"));
            Assert.InRange(fps, 22.5, 27.5);
            await page.WaitForFunctionAsync("id => window.streamlip.stats.server?.id === id", first, new PageWaitForFunctionOptions { Timeout = 10000 });

            // Speech typed in the page: Speak goes front door → owner's grain, UtteranceStarted comes back over the backplane.
            await page.FillAsync("#speak-text", "Hello from the front door.");
            await page.ClickAsync("#speak-button");
            await page.WaitForFunctionAsync("() => /#\\d+ (done|interrupted)|Speaking \\(#/.test(document.getElementById('speak-status').textContent)", null, new PageWaitForFunctionOptions { Timeout = 15000 });

            // kill -9 of the owner: the page hears SessionLost from its front door and starts again on the live node.
            var watch = Stopwatch.StartNew();
            owner.Kill();
            string second = await LiveSessionAsync(page, first, Recovery);
            TimeSpan recovered = watch.Elapsed;
            string[] lines = await page.EvaluateAsync<string[]>("() => window.statusLines");
            output.WriteLine($"owner killed: the page was live again on a new session after {recovered.TotalSeconds:F1} s; status: {string.Join(" | ", lines.Distinct())}");
            Assert.Contains(lines, l => l.Contains("The node that ran this session failed", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.StartsWith("Lost the server", StringComparison.Ordinal)); // the page's own stop is no loss
            Assert.Same(other, await OwnerAsync([front, other], second));
            fps = await DecodedFpsAsync(page, TimeSpan.FromSeconds(4));
            string startSecond = await StartTimesAsync(page);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"session {second} on {other.Client.BaseAddress}: offer → {startSecond}, {fps:F1} fps decoded"));
            Assert.InRange(fps, 22.5, 27.5);
        }
        finally
        {
            output.WriteLine(ClusterLines(nodes.Where(n => !n.HasExited)));
            foreach (var n in nodes)
            {
                await n.DisposeAsync();
            }
        }
    }

    // Waits until the page is live with a session other than `previous` and its video plays; returns the session's id.
    private static async Task<string> LiveSessionAsync(IPage page, string? previous, TimeSpan? limit = null)
    {
        try
        {
            await page.WaitForFunctionAsync(
                "previous => { const s = window.streamlip.state, v = document.getElementById('avatar'); return s.phase === 'live' && s.sessionId && s.sessionId !== previous && v.videoWidth > 0 && v.currentTime > 0.5; }",
                previous, new PageWaitForFunctionOptions { Timeout = (float)(limit ?? TimeSpan.FromSeconds(30)).TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<JsonElement>("() => ({ phase: window.streamlip.state.phase, session: window.streamlip.state.sessionId, status: document.getElementById('status').textContent })");
            throw new Xunit.Sdk.XunitException($"The page was not live on a new session (previous {previous ?? "none"}) in time: {state}");
        }

        return await page.EvaluateAsync<string>("() => window.streamlip.state.sessionId");
    }

    // The page's own figures of its session's start (its stats panel): offer → answer, → first frame.
    private static async Task<string> StartTimesAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.streamlip.stats.firstFrameMs !== null");
        var t = await page.EvaluateAsync<JsonElement>("() => ({ answer: window.streamlip.stats.answerMs, frame: window.streamlip.stats.firstFrameMs, shown: document.getElementById('stat-start').textContent })");
        Assert.Matches(@"^\d+ ms / \d+ ms$", t.GetProperty("shown").GetString());
        return string.Create(CultureInfo.InvariantCulture, $"answer {t.GetProperty("answer").GetDouble():F0} ms, first frame {t.GetProperty("frame").GetDouble():F0} ms");
    }

    // Frames the page's peer connection decoded over `window`, per second.
    private static async Task<double> DecodedFpsAsync(IPage page, TimeSpan window) => await page.EvaluateAsync<double>(
        """
        async ms => {
          const decoded = async () => { let n = 0; (await window.streamlip.peer.getStats()).forEach(r => { if (r.type === 'inbound-rtp' && r.kind === 'video') n = r.framesDecoded; }); return n; };
          const d0 = await decoded(), t0 = performance.now();
          await new Promise(r => setTimeout(r, ms));
          return (await decoded() - d0) / ((performance.now() - t0) / 1000);
        }
        """, window.TotalMilliseconds);
}
