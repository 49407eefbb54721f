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
    public static Task<Result> RunFromAsync(string programDirectory, params string[] args) =>
        RunToolAsync("dotnet", TimeSpan.FromMinutes(5), [Path.Combine(programDirectory, "streamlip.dll"), .. args]);

    /// <summary>Runs another program (the launcher, Python) the same way, with STREAMLIP_HOME set to the repository.</summary>
    public static async Task<Result> RunToolAsync(string program, TimeSpan limit, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["STREAMLIP_HOME"] = Repo.Root;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
