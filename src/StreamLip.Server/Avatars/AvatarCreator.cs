using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;

namespace StreamLip.Server.Avatars;

/// <summary>
/// Builds avatars from uploaded photos and videos, one at a time, each in its own process (<c>streamlip avatar build
/// --progress-lines</c>, at lower CPU priority): a file that crashes or hangs the builder costs that build, never the
/// server's sessions. The builder writes next to the avatar and moves it into place when whole; what a crashed builder
/// leaves is removed. Thread-safe.
/// </summary>
internal sealed partial class AvatarCreator(IOptions<ServerOptions> options, AvatarCatalog catalog, EngineHost engine, ILogger<AvatarCreator> logger) : IDisposable
{
    private const int KeptJobs = 32;
    private readonly ServerOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, AvatarBuildJob> _jobs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private AvatarBuildJob? _running;

    /// <summary>The build <paramref name="id"/>, or null.</summary>
    public AvatarBuildJob? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>
    /// Starts building avatar <paramref name="name"/> from <paramref name="upload"/>, a file this call takes over (it is
    /// deleted when the build ends, or now when the build is refused).
    /// </summary>
    /// <exception cref="AvatarCreatorException">Bad or taken name, or a build is running (the status code says which).</exception>
    public AvatarBuildJob Start(string? name, string upload)
    {
        try
        {
            name = CheckName(name);
            var job = new AvatarBuildJob(Guid.NewGuid().ToString("N")[..12], name);
            lock (_gate)
            {
                if (_running is { } other)
                {
                    throw new AvatarCreatorException(StatusCodes.Status429TooManyRequests, "Builder busy", $"Avatar '{other.Name}' is being built; one build runs at a time. Try again when it ends.");
                }

                _running = job;
            }

            _jobs[job.Id] = job;
            Forget();
            _ = Task.Run(() => RunAsync(job, upload));
            return job;
        }
        catch
        {
            File.Delete(upload);
            throw;
        }
    }

    /// <summary>The trimmed name, when it is one a new avatar may take (checked before the upload is read).</summary>
    /// <exception cref="AvatarCreatorException">Not a plain name (400), or an avatar has it (409).</exception>
    public string CheckName(string? name)
    {
        name = name?.Trim();
        if (!ServerOptionsValidator.IsName(name))
        {
            throw new AvatarCreatorException(StatusCodes.Status400BadRequest, "Bad avatar name", $"Name the avatar with ?name=: letters, digits, '-' and '_', not '{name}'.");
        }

        if (catalog.List().Contains(name, StringComparer.Ordinal))
        {
            throw new AvatarCreatorException(StatusCodes.Status409Conflict, "Avatar exists", $"An avatar '{name}' exists; choose another name.");
        }

        return name!;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task RunAsync(AvatarBuildJob job, string upload)
    {
        string target = Path.Combine(_options.AvatarsDirectory!, job.Name);
        var report = new List<string>();
        var errors = new List<string>();
        try
        {
            using var process = new Process { StartInfo = StartInfo(upload, target) };
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not { } line)
                {
                    return;
                }

                if (line.StartsWith("progress ", StringComparison.Ordinal) && double.TryParse(line.AsSpan(9), NumberStyles.Float, CultureInfo.InvariantCulture, out double p))
                {
                    job.Progress = Math.Clamp(p, 0, 100);
                }
                else if (line.StartsWith("Built avatar ", StringComparison.Ordinal))
                {
                    job.Message = line.Replace(target, job.Name, StringComparison.Ordinal);
                }
                else if (line.Length > 0)
                {
                    lock (report)
                    {
                        report.Add(line.Trim());
                        job.Report = [.. report];
                    }
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (!string.IsNullOrWhiteSpace(e.Data))
                {
                    lock (errors)
                    {
                        errors.Add(e.Data.Trim());
                    }
                }
            };
            LogBuildStarted(job.Name, job.Id, process.StartInfo.FileName);
            process.Start();
            try
            {
                // Below the sessions: a build must not take the CPU that keeps frames on time (nice 10 on Linux).
                process.PriorityClass = ProcessPriorityClass.BelowNormal;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                // Not allowed here, or already ended: the build runs at normal priority.
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(_options.AvatarCreator.TimeoutSeconds));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                throw new TimeoutException(_stopping.IsCancellationRequested
                    ? "The server stopped during the build."
                    : $"The build took longer than {_options.AvatarCreator.TimeoutSeconds} s (StreamLip:AvatarCreator:TimeoutSeconds) and was stopped.");
            }

            process.WaitForExit(); // the last output lines
            if (process.ExitCode == 0 && File.Exists(Path.Combine(target, "avatar.json")))
            {
                job.Progress = 100;
                job.Message ??= $"Built avatar {job.Name}.";
                job.State = "succeeded";
                LogBuildSucceeded(job.Name, job.Id, job.Message);
                return;
            }

            string why;
            lock (errors)
            {
                // The CLI's one line says what was wrong with the file ("streamlip: ..."); a crash leaves no such line.
                why = errors.LastOrDefault(l => l.StartsWith("streamlip: ", StringComparison.Ordinal))?["streamlip: ".Length..]
                    ?? $"The builder crashed or stopped without saying why (exit code {process.ExitCode}{(errors.Count > 0 ? ": " + errors[^1] : "")}); nothing was written, and the server and its sessions were not affected.";
            }

            Fail(job, why.Replace(upload, "upload", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            Fail(job, e is System.ComponentModel.Win32Exception ? $"The builder could not be started: {e.Message}." : e.Message);
        }
        finally
        {
            File.Delete(upload);
            RemoveLeftovers(job.Name);
            lock (_gate)
            {
                _running = null;
            }
        }
    }

    private void Fail(AvatarBuildJob job, string why)
    {
        job.Message = why;
        job.State = "failed";
        LogBuildFailed(job.Name, job.Id, why);
    }

    private ProcessStartInfo StartInfo(string upload, string target)
    {
        var o = _options.AvatarCreator;
        var info = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (o.BuilderExecutable is { Length: > 0 } exe)
        {
            info.FileName = exe;
            foreach (string a in o.BuilderArguments)
            {
                info.ArgumentList.Add(a);
            }
        }
        else
        {
            info.FileName = DotnetHost();
            info.ArgumentList.Add(FindCli());
        }

        foreach (string? a in new[]
        {
            "avatar", "build", upload, "--out", target, "--progress-lines",
            "--max-frames", o.MaxFrames.ToString(CultureInfo.InvariantCulture),
            "--max-pixels", o.MaxPixels.ToString(CultureInfo.InvariantCulture),
            "--face-size", engine.Engine.Model.FaceSize.ToString(CultureInfo.InvariantCulture),
            "--framing", engine.Engine.Framing.Name,
        })
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    // The server runs as `dotnet streamlip.dll serve` (or under `dotnet test`): the same host runs the builder.
    private static string DotnetHost() =>
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    private static string FindCli()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "streamlip.dll");
        if (File.Exists(beside))
        {
            return beside;
        }

        foreach (string? config in new[] { "Release", "Debug" })
        {
            string built = Path.Combine(StreamLipHome.Path, "src", "StreamLip.Cli", "bin", config, "net10.0", "streamlip.dll");
            if (File.Exists(built))
            {
                return built;
            }
        }

        throw new InvalidOperationException($"The avatar builder (streamlip.dll) is neither beside the server ({AppContext.BaseDirectory}) nor built in the repository: run ./streamlip setup.");
    }

    // A builder that crashed leaves its staging directory (NAME.partial-PID) beside the avatars.
    private void RemoveLeftovers(string name)
    {
        foreach (string dir in Directory.EnumerateDirectories(_options.AvatarsDirectory!, name + ".partial-*"))
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private void Forget()
    {
        foreach (var old in _jobs.Values.Where(j => j.State != "running").Skip(KeptJobs).ToList())
        {
            _jobs.TryRemove(old.Id, out _);
        }
    }

    [LoggerMessage(700, LogLevel.Information, "Avatar {Name} is being built (build {Id}, {Builder})")]
    private partial void LogBuildStarted(string name, string id, string builder);

    [LoggerMessage(701, LogLevel.Information, "Avatar {Name} built (build {Id}): {Summary}")]
    private partial void LogBuildSucceeded(string name, string id, string summary);

    [LoggerMessage(702, LogLevel.Warning, "Avatar {Name} was not built (build {Id}): {Reason}")]
    private partial void LogBuildFailed(string name, string id, string reason);
}
