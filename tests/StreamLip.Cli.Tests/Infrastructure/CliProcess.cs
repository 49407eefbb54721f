using System.Diagnostics;

namespace StreamLip.Cli.Tests.Infrastructure;

/// <summary>Runs the real <c>streamlip</c> program in a child process, as a user would, and captures what it says.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    public static Task<Result> RunAsync(params string[] args) => RunFromAsync(AppContext.BaseDirectory, args);

    /// <summary>Runs the <c>streamlip.dll</c> in <paramref name="programDirectory"/> (another copy of the build).</summary>
    public static async Task<Result> RunFromAsync(string programDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(programDirectory, "streamlip.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["STREAMLIP_HOME"] = Repo.Root;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
