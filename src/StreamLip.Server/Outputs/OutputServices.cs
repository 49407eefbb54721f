using Microsoft.Extensions.Options;
using StreamLip.Server.Options;

namespace StreamLip.Server.Outputs;

/// <summary>Registers the output services (one line in <see cref="ServerHost"/>).</summary>
internal static class OutputServices
{
    public static IServiceCollection AddOutputs(this IServiceCollection services, string home)
    {
        var setup = new OutputOptionsSetup(home);
        services.AddSingleton<IPostConfigureOptions<ServerOptions>>(setup);
        services.AddSingleton<IValidateOptions<ServerOptions>>(setup);
        services.AddSingleton<OutputManager>();
        return services;
    }
}
