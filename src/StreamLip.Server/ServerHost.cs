using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StreamLip.Avatars;
using StreamLip.Onnx;
using StreamLip.Realtime;
using StreamLip.Realtime.Pacing;
using StreamLip.Server.Avatars;
using StreamLip.Server.Cluster;
using StreamLip.Server.Conversation;
using StreamLip.Server.Hosting;
using StreamLip.Server.Hubs;
using StreamLip.Server.Observability;
using StreamLip.Server.Options;
using StreamLip.Server.Outputs;
using StreamLip.Server.Sessions;
using StreamLip.Server.Transport;
using StreamLip.Server.Web;
using StreamLip.Server.WebRtc;

namespace StreamLip.Server;

/// <summary>
/// The real-time server's host: <c>streamlip serve</c> and <c>dotnet StreamLip.Server.dll</c> both run
/// <see cref="RunAsync"/>. Settings: section <c>StreamLip</c> (see <see cref="ServerOptions"/>), <c>--urls</c>.
/// </summary>
public static class ServerHost
{
    /// <summary>Where the server listens unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> says otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Runs the server until <paramref name="cancellationToken"/> fires or the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    /// <param name="args">Command-line arguments: <c>--urls</c>, and any setting as <c>--StreamLip:MaxSessions=4</c>.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    /// <returns>0 after a clean stop; 2 for invalid settings or model; 3 when ONNX Runtime is missing; 1 otherwise.</returns>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        WebApplication? app = null;
        try
        {
            app = Build(args);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (StartFailure(e) is { } code)
        {
            await Console.Error.WriteLineAsync($"streamlip serve: {Describe(e)}").ConfigureAwait(false);
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            return code;
        }

        await using (app.ConfigureAwait(false))
        {
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
    }

    /// <summary>Builds the application: services, settings, middleware and endpoints (not started).</summary>
    public static WebApplication Build(string[] args)
    {
        // Content root = the program's directory, where appsettings.json is (the launcher runs from anywhere).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        AddServer(builder.Services, builder.Configuration, StreamLipHome.Find());
        Cluster.ClusterSetup.AddCluster(builder);
        var app = builder.Build();
        UseServer(app);
        return app;
    }

    private static void AddServer(IServiceCollection services, IConfiguration configuration, string home)
    {
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.Section)).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<ServerOptions>>(new ServerOptionsDefaults(home));
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerOptions>>((k, o) => k.Limits.MaxRequestBodySize = o.Value.MaxRequestBodyBytes);

        services.AddProblemDetails();
        services.TryAddSingleton<TimeProvider>(PacingTimeProvider.Shared); // system time, timers on one dedicated thread
        services.TryAddSingleton<StreamLip.Realtime.Capacity.ICpuMeter, StreamLip.Realtime.Capacity.SystemCpuMeter>();
        services.AddSingleton(sp => new RealtimeMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IGeneratorLoader, OnnxGeneratorLoader>();
        services.TryAddSingleton<ISessionTransportFactory, WebRtcPeerFactory>();
        services.AddSingleton<EngineHost>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineHost>());
        services.AddSingleton<AvatarCatalog>();
        services.AddSingleton<AvatarPreviews>();
        services.AddSingleton<AvatarCreator>();
        services.AddSingleton<SessionManager>();
        services.AddSingleton<Security.ViewerTokens>();
        services.AddSingleton<ViewerManager>();
        services.AddHostedService<StatsBroadcaster>();
        services.AddOutputs(home);
        services.AddOps();
        services.AddSingleton<Speech.EspeakSynthesizer>().AddSingleton<Speech.SpeechService>();
        services.AddSingleton<Conversation.ConversationService>().AddSingleton<Conversation.ConversationMetrics>();

        int sdpLimit = configuration.GetValue<int?>($"{ServerOptions.Section}:WebRtc:MaxSdpBytes") ?? new WebRtcOptions().MaxSdpBytes;
        services.AddSignalR(o => o.MaximumReceiveMessageSize = sdpLimit + (16 * 1024));
    }

    private static void UseServer(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<Security.BearerAuthMiddleware>();
        Cluster.ClusterSetup.UseCluster(app);
        PageEndpoints.Use(app);
        app.MapHub<StreamLipHub>("/hub");
        InfoEndpoints.Map(app);
        AvatarEndpoints.Map(app);
        SignallingEndpoints.Map(app);
        ViewerEndpoints.Map(app);
        OutputEndpoints.Map(app);
        OpsEndpoints.Map(app);
        SessionEndpoints.Map(app);
        ConversationEndpoints.Map(app);
        ClusterEndpoints.Map(app);
    }

    // Failures at start that deserve a one-line message and an exit code rather than a stack trace.
    private static int? StartFailure(Exception e) => e switch
    {
        OptionsValidationException or FormatException or InvalidOperationException { InnerException: FormatException } => 2,
        ModelFileNotFoundException or InvalidModelException or ModelContractException or AvatarException => 2,
        ModelWarmUpException or ModelMetadataException => 2,
        OnnxRuntimeNotFoundException => 3,
        IOException => 1,
        _ => null,
    };

    private static string Describe(Exception e) => e is OptionsValidationException v
        ? "invalid settings:" + string.Concat(v.Failures.Select(f => Environment.NewLine + "  - " + f))
        : e.Message;
}
