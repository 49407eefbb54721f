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
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
