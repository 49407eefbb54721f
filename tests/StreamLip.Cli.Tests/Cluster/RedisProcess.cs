using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StreamLip.Cli.Tests.Cluster;

/// <summary>
/// Debian's <c>redis-server</c> in a child process on a free loopback port, its append-only file in a temporary
/// directory (so a restart keeps the cluster's membership, as a production Redis with persistence does).
/// </summary>
internal sealed class RedisProcess : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("streamlip-redis-").FullName;
    private Process? _process;

    public RedisProcess()
    {
        Port = FreePort(IPAddress.Loopback);
    }

    public int Port { get; }

    /// <summary>The connection string the nodes take.</summary>
    public string Connection => $"127.0.0.1:{Port}";

    /// <summary>Starts it and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _dir, "--appendonly", "yes", "--save", "" })
        {
            info.ArgumentList.Add(a);
        }

        _process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start (installed by ./streamlip setup: redis-server).");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (int i = 0; i < 100; i++)
        {
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"redis-server does not listen on {Port}.");
    }

    /// <summary>Kills it (SIGKILL): Redis is gone for the cluster until <see cref="StartAsync"/> again.</summary>
    public void Kill()
    {
        _process?.Kill();
        _process?.WaitForExit();
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A TCP port free on <paramref name="address"/> now.</summary>
    public static int FreePort(IPAddress address)
    {
        using var l = new TcpListener(address, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
