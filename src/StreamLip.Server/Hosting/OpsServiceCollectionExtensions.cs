using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StreamLip.Server.Observability;
using StreamLip.Server.Options;
using StreamLip.Server.Security;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Hosting;

/// <summary>Registers authentication, the per-key limit, the idle-session timeout, readiness, metrics, graceful shutdown and the native heap trim.</summary>
internal static class OpsServiceCollectionExtensions
{
    /// <summary>Call after the engine's registrations: hosted services stop in reverse order, and sessions must end before the engine.</summary>
    public static IServiceCollection AddOps(this IServiceCollection services)
    {
        services.AddSingleton<IPostConfigureOptions<ServerOptions>, AuthKeysFromEnvironment>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<SessionQuota>();
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<MetricsExporter>();
        services.AddSingleton<GStreamerProbe>();
        services.AddSingleton<ReadinessCheck>();
        services.TryAddSingleton(new BannerWriter(Console.Out));
        services.AddHostedService<StartupBanner>();
        services.AddHostedService<IdleSessionReaper>();
        services.AddHostedService<GracefulShutdown>();
        services.AddSingleton<NativeMemoryTrimmer>();
        services.AddHostedService(sp => sp.GetRequiredService<NativeMemoryTrimmer>());
        return services;
    }
}
