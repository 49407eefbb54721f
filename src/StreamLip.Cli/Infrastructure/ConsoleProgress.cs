using Spectre.Console;

namespace StreamLip.Cli.Infrastructure;

/// <summary>A progress bar on a terminal; silence (and the final summary only) when output is redirected.</summary>
internal static class ConsoleProgress
{
    /// <summary>Runs <paramref name="work"/> with one progress task of <paramref name="total"/> steps.</summary>
    public static async Task<T> RunAsync<T>(string description, double total, Func<IProgress<double>, Task<T>> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            return await work(new Progress<double>(_ => { })).ConfigureAwait(false);
        }

        return await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(description, maxValue: Math.Max(1, total));
                var progress = new SynchronousProgress(v => task.Value = v);
                return await work(progress).ConfigureAwait(false);
            })
            .ConfigureAwait(false);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool per report).</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
