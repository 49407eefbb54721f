using Microsoft.Extensions.Options;

namespace StreamLip.Server.Options;

/// <summary>Adds the keys of <c>STREAMLIP_API_KEYS</c> (comma-separated, read through configuration) to <see cref="AuthOptions.ApiKeys"/>.</summary>
internal sealed class AuthKeysFromEnvironment(IConfiguration configuration) : IPostConfigureOptions<ServerOptions>
{
    public void PostConfigure(string? name, ServerOptions options)
    {
        var keys = options.Auth.ApiKeys;
        foreach (string key in (configuration[AuthOptions.KeysVariable] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }
    }
}
