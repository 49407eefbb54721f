using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace StreamLip.Tests.Rtmp;

/// <summary>
/// A real RTMP server for the tests: Debian's nginx with libnginx-mod-rtmp, started on a free loopback port with its own
/// config, pid and logs in a temp folder (<c>daemon off</c>, one process), killed and removed at the end.
/// Fails (never skips) when nginx or the module is missing, naming the packages.
/// </summary>
public sealed class NginxRtmpServer : IDisposable
{
    private const string Nginx = "/usr/sbin/nginx";
    private const string Module = "/usr/lib/nginx/modules/ngx_rtmp_module.so";

    private readonly Process _process;
    private readonly string _directory;

    public NginxRtmpServer()
    {
        Assert.True(File.Exists(Nginx) && File.Exists(Module), $"The RTMP tests need {Nginx} and {Module}: apt-get install nginx libnginx-mod-rtmp.");
        _directory = Directory.CreateTempSubdirectory("streamlip-nginx-").FullName;
        Port = FreePort();
        string config = Path.Combine(_directory, "nginx.conf");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $$"""
            load_module {{Module}};
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{_directory}}/nginx.pid;
            error_log {{_directory}}/error.log info;
            events { worker_connections 64; }
            rtmp {
                server {
                    listen 127.0.0.1:{{Port}};
                    application live { live on; record off; }
                }
            }
            """));

        // -e: the error log before the config is read (the default /var/log/nginx is not ours to write).
        _process = Process.Start(new ProcessStartInfo(Nginx, ["-c", config, "-p", _directory, "-e", Path.Combine(_directory, "error.log")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        WaitUntilListening();
    }

    /// <summary>The loopback port nginx listens on.</summary>
    public int Port { get; }

    /// <summary>A fresh publish/play URL in application <c>live</c>.</summary>
    public string NewStreamUrl() => string.Create(CultureInfo.InvariantCulture, $"rtmp://127.0.0.1:{Port}/live/{Guid.NewGuid():N}");

    /// <summary>nginx's error log so far (for failure messages).</summary>
    public string Log => File.Exists(Path.Combine(_directory, "error.log")) ? File.ReadAllText(Path.Combine(_directory, "error.log")) : "";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left in /tmp.
        }
    }

    /// <summary>A loopback TCP port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilListening()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"nginx exited with {_process.ExitCode}: {_process.StandardError.ReadToEnd()} {Log}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        Assert.Fail($"nginx did not listen on {Port} within 10 s: {Log}");
    }
}
