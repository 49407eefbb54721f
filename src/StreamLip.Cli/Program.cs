using System.CommandLine;
using StreamLip.Cli.Commands;

var root = new RootCommand("StreamLip: real-time lip-synced talking heads. See README.md.")
{
    RenderCommand.Create(),
    MelCommand.Create(),
    FacesCommand.Create(),
    AvatarCommand.Create(),
    ServeCommand.Create(),
};

// Ctrl+C / SIGTERM cancel the command's token; System.CommandLine would end the process 2 s later (exit 143), cutting
// short a server that is still ending its sessions and leaving its cluster. The host's own limit (ShutdownTimeout,
// 30 s) comes first.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(40) };
return await root.Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
