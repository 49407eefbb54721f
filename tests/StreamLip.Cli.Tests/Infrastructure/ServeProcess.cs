using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace StreamLip.Cli.Tests.Infrastructure;

/// <summary>
/// <c>streamlip serve</c> in a child process, as a user starts it: on a free port, with an API key, its resident
/// memory read from <c>/proc</c>. Dispose stops it (SIGTERM, then kill).
/// </summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    public const string ApiKey = "serve-process-test-key-0123456789abcdef";

    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServeProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>A client of the server, with the API key.</summary>
    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromMinutes(2), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", ApiKey) } };

    /// <summary>What the server printed so far (standard output and error).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts the server with <paramref name="settings"/> (<c>--Key=value</c> arguments) and waits until it is ready.</summary>
    public static Task<ServeProcess> StartAsync(params string[] settings) => StartOnAsync("127.0.0.1", settings);

    /// <summary>Starts the server on loopback address <paramref name="address"/> (127.0.0.x, a free port) with <paramref name="settings"/> and waits until it is ready.</summary>
    public static async Task<ServeProcess> StartOnAsync(string address, params string[] settings)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Admission by headroom off (a later setting may turn it on): the machine's load must not refuse these tests' sessions.
        foreach (string? a in new[] { Path.Combine(AppContext.BaseDirectory, "streamlip.dll"), "serve", "--urls", $"http://{address}:0", "--StreamLip:Capacity:Enabled=false" }.Concat(settings))
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["STREAMLIP_HOME"] = Repo.Root;
        info.Environment["STREAMLIP_API_KEYS"] = ApiKey;
        var server = new ServeProcess(Process.Start(info)!);
        var first = await Task.WhenAny(server._listening.Task, server._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        if (first != server._listening.Task)
        {
            await server.DisposeAsync();
            Assert.Fail($"serve did not start listening: {server.Output}");
        }

        server.Client.BaseAddress = await server._listening.Task;
        for (int i = 0; i < 120 && !(await server.Client.GetAsync("/readyz")).IsSuccessStatusCode; i++)
        {
            await Task.Delay(500);
        }

        return server;
    }

    /// <summary>The server's resident memory, MiB (VmRSS).</summary>
    public double ResidentMiB()
    {
        foreach (string line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        throw new InvalidOperationException("/proc/PID/status has no VmRSS line.");
    }

    /// <summary>
    /// Waits up to <paramref name="limit"/> for the resident memory to come within <paramref name="slackMiB"/> of
    /// <paramref name="baselineMiB"/>; returns the last reading.
    /// </summary>
    public async Task<double> SettleAsync(double baselineMiB, double slackMiB, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        double rss;
        while ((rss = ResidentMiB()) > baselineMiB + slackMiB && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
        }

        return rss;
    }

    /// <summary>True once the process ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Kills the process at once (SIGKILL): no shutdown of any kind.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Asks it to stop (SIGTERM) and returns its exit code, or null when it still runs after <paramref name="limit"/>.</summary>
    public async Task<int?> TerminateAsync(TimeSpan limit)
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited && _process.Id > 0)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (ListeningLine().Match(line) is { Success: true } m)
        {
            _listening.TrySetResult(new Uri(m.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.\d+:\d+)")]
    private static partial Regex ListeningLine();
}
