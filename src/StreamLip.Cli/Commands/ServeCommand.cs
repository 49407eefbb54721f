using System.CommandLine;
using StreamLip.Cli.Infrastructure;

namespace StreamLip.Cli.Commands;

/// <summary><c>serve</c>: the real-time server. Not built yet (issue #4); says so instead of pretending.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default http://127.0.0.1:8080)." };
        var command = new Command("serve", "Serve the real-time lip-sync server (arrives with the server issue).") { urls };
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("streamlip serve: the real-time server is not built yet. Set-up is complete; meanwhile render offline:");
            Console.Error.WriteLine("  ./streamlip render --audio speech.wav --out out.mp4");
            return ExitCodes.Failure;
        });
        return command;
    }
}
