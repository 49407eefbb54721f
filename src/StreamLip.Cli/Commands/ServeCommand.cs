using System.CommandLine;
using StreamLip.Server;

namespace StreamLip.Cli.Commands;

/// <summary>
/// <c>serve</c>: the real-time server (ASP.NET Core): the page at <c>/</c>, SignalR at <c>/hub</c>, the HTTP signalling
/// API, <c>/healthz</c> and <c>/api/stats</c>. Any setting can follow as <c>--StreamLip:MaxSessions=4</c>.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"Addresses to listen on (default {ServerHost.DefaultUrl})." };
        var command = new Command("serve", "Serve the real-time lip-sync server (page, SignalR and HTTP signalling, stats).")
        {
            urls,
        };

        // Settings pass through to ASP.NET Core's configuration (--StreamLip:MaxSessions=4, --Logging:LogLevel:Default=Debug).
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) =>
        {
            var args = new List<string>(parse.UnmatchedTokens);
            if (parse.GetValue(urls) is { Length: > 0 } value)
            {
                args.AddRange(["--urls", value]);
            }

            return ServerHost.RunAsync([.. args], ct);
        });
        return command;
    }
}
