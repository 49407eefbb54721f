using System.Net;
using Orleans.Configuration;
using ClusterOptions = StreamLip.Server.Options.ClusterOptions;
using StackExchange.Redis;
using StreamLip.Server.Options;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Cluster;

/// <summary>
/// Joins the node to a cluster when <c>StreamLip:Cluster:Redis</c> is set: an Orleans silo co-hosted in the process
/// (membership and failure detection through Redis, the session grains, placement by free slots), the hub's Redis
/// backplane (a session's events reach its client on whichever node it is connected to), the load reports, the
/// membership watcher, <c>/api/cluster</c>'s view and the redirect of media calls to a session's node. Without it the
/// node runs alone, as it always did: nothing of this is registered.
/// </summary>
internal static class ClusterSetup
{
    /// <summary>Failure detection: a node that stops answering probes for ProbeTimeout × NumMissedProbesLimit is voted dead
    /// (a killed process refuses the probe's connection at once and goes in about one probe period).</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Probes a node may miss before it is suspected.</summary>
    public const int MissedProbes = 3;

    public static void AddCluster(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LocalSessionControl>();
        var options = new ClusterOptions();
        builder.Configuration.GetSection($"{ServerOptions.Section}:Cluster").Bind(options);
        if (!options.Enabled)
        {
            builder.Services.AddSingleton<ISessionControl>(sp => sp.GetRequiredService<LocalSessionControl>());
            return;
        }

        ConfigurationOptions redis = Redis(options.Redis!);
        IPAddress advertised = Advertised(options, builder.Configuration["urls"]);
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis.Clone()));
        builder.Services.AddSingleton<ClusterView>().AddSingleton<NodeIdentity>().AddSingleton<OwnedSessions>().AddSingleton<ClusterStatus>().AddSingleton<ClusterMetrics>();
        builder.Services.AddSingleton<ClusterSessionControl>().AddSingleton<ISessionControl>(sp => sp.GetRequiredService<ClusterSessionControl>());
        builder.Services.AddHostedService<NodeReporter>().AddHostedService<MembershipWatcher>();
        builder.Services.AddHostedService(sp => new MetricsStarter(sp.GetRequiredService<ClusterMetrics>()));
        builder.Services.AddSignalR().AddStackExchangeRedis(o =>
        {
            o.Configuration = redis.Clone();
            o.Configuration.ChannelPrefix = RedisChannel.Literal($"streamlip:{options.Name}:hub");
        });
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = redis.Clone());
            silo.Configure<Orleans.Configuration.ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (options.Name, "streamlip"));
            silo.Configure<SiloOptions>(o => o.SiloName = $"{advertised}:{options.SiloPort}");
            silo.ConfigureEndpoints(advertised, options.SiloPort, gatewayPort: 0, listenOnAnyHostAddress: false);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = ProbeTimeout;
                o.NumMissedProbesLimit = MissedProbes;
                o.DefunctSiloExpiration = TimeSpan.FromHours(1); // dead nodes leave the membership table an hour on
                o.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);
            });
            silo.AddPlacementDirector<CapacityPlacement, CapacityPlacementDirector>();
            // The session grains' directory: Orleans' distributed directory recovers the entries a dead node held from the
            // live nodes' activations. The default one loses them, and its catalog then deactivates the grains whose
            // entry was there — live sessions on live nodes answered "Session lost" after an unrelated node died.
            // Its safety lease after a crash blocks new registrations in the dead node's ranges (measured: a new session's
            // offer answered 6.4–6.7 s late in 2 of 5 runs); a session grain has no state to keep single, and a node
            // declared dead ends itself, so none.
            silo.Configure<GrainDirectoryOptions>(o => o.RangeLeaseDuration = TimeSpan.Zero);
#pragma warning disable ORLEANSEXP003 // "for evaluation purposes" in Orleans 10; the default's loss of entries is worse for us
            silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        });
    }

    /// <summary>The cluster's middleware: media calls on another node's session are redirected there.</summary>
    public static void UseCluster(WebApplication app)
    {
        if (app.Services.GetService<ClusterSessionControl>() is not null)
        {
            app.UseMiddleware<RemoteSessionRedirect>();
        }
    }

    private static ConfigurationOptions Redis(string connection)
    {
        var o = ConfigurationOptions.Parse(connection);
        o.AbortOnConnectFail = false; // Redis away at start or later: keep trying; the sessions run on
        o.AsyncTimeout = o.SyncTimeout = 2000; // and say so within seconds (the default waits 5 s per call)
        return o;
    }

    // The silo's address for the other nodes: the setting, else the host of the first --urls address when it is a
    // (non-wildcard) IP, else loopback.
    private static IPAddress Advertised(ClusterOptions options, string? urls)
    {
        if (!string.IsNullOrEmpty(options.AdvertisedAddress))
        {
            return IPAddress.Parse(options.AdvertisedAddress);
        }

        string? first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is not null && Uri.TryCreate(first, UriKind.Absolute, out Uri? u) && IPAddress.TryParse(u.Host, out IPAddress? ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any)
            ? ip
            : IPAddress.Loopback;
    }

    // Makes the cluster's gauges at start (they are observed on each scrape from then on).
    private sealed class MetricsStarter(ClusterMetrics metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(metrics);
            return Task.CompletedTask;
        }
    }
}
