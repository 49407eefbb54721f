using System.Diagnostics;

namespace StreamLip.Server.Tests.EndToEnd;

/// <summary>
/// A private PulseAudio daemon with one null sink, for Chromium's audio output: the sink plays on the system clock as a
/// sound card would, where Chromium's fake output (what headless Chromium falls back to without a sound server) drifts
/// when the machine is busy. Its socket is in a directory of its own; the daemon ends with the object.
/// </summary>
internal sealed class PulseAudioSink : IDisposable
{
    private readonly Process _daemon;
    private readonly string _dir;

    private PulseAudioSink(Process daemon, string dir)
    {
        _daemon = daemon;
        _dir = dir;
    }

    /// <summary>Environment for a client (Chromium): its server and a runtime directory of its own.</summary>
    public IReadOnlyDictionary<string, string> ClientEnvironment => new Dictionary<string, string>
    {
        ["PULSE_SERVER"] = $"unix:{Socket}",
        ["XDG_RUNTIME_DIR"] = _dir,
    };

    private string Socket => Path.Combine(_dir, "native");

    public static PulseAudioSink Start()
    {
        Assert.True(File.Exists("/usr/bin/pulseaudio"), "PulseAudio is missing: ./streamlip setup installs it (pulseaudio).");
        string dir = Path.Combine(Path.GetTempPath(), "streamlip-pulse", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var info = new ProcessStartInfo("/usr/bin/pulseaudio") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        // -n: no default script; no idle exit, no shared memory, no D-Bus; anonymous clients on our own socket only.
        foreach (string? a in new[]
        {
            "-n", "--daemonize=no", "--exit-idle-time=-1", "--disable-shm=yes", "--use-pid-file=no", "--system=false", "--log-level=error",
            "-L", $"module-native-protocol-unix socket={Path.Combine(dir, "native")} auth-anonymous=1",
            "-L", "module-null-sink sink_name=streamlip rate=48000 channels=2",
        })
        {
            info.ArgumentList.Add(a);
        }

        // Its state and cookie go to the private directory, not the user's home.
        info.Environment["HOME"] = dir;
        info.Environment["XDG_RUNTIME_DIR"] = dir;
        info.Environment["XDG_CONFIG_HOME"] = dir;
        var daemon = Process.Start(info)!;
        var errors = new System.Text.StringBuilder();
        daemon.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
        daemon.OutputDataReceived += (_, _) => { };
        daemon.BeginErrorReadLine();
        daemon.BeginOutputReadLine();
        var sink = new PulseAudioSink(daemon, dir);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(sink.Socket))
        {
            if (daemon.HasExited || DateTime.UtcNow > deadline)
            {
                sink.Dispose();
                lock (errors)
                {
                    Assert.Fail($"PulseAudio did not start (exit {(daemon.HasExited ? daemon.ExitCode : -1)}): {errors}");
                }
            }

            Thread.Sleep(50);
        }

        return sink;
    }

    public void Dispose()
    {
        try
        {
            if (!_daemon.HasExited)
            {
                _daemon.Kill();
                _daemon.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _daemon.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A socket the daemon left behind; the temp directory is cleaned by the system.
        }
    }
}
