using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using StreamLip.Server.Options;

namespace StreamLip.Server.Hosting;

/// <summary>
/// Every <see cref="ServerOptions.NativeMemoryTrimSeconds"/> hands the native heap's free pages back to the system
/// (glibc <c>malloc_trim(0)</c>). GStreamer, libnice, OpenSSL and ONNX Runtime allocate from per-thread malloc arenas
/// that glibc never shrinks on its own: a long-running server's resident memory then creeps up as each arena reaches
/// its own high-water mark. Measured at the end of a 30-minute soak: 38 MiB of 206 MiB resident anonymous memory was
/// free memory still held this way. A trim takes a few milliseconds.
/// <para>
/// The managed heap too: a long upload's samples (38 MB for 10 minutes) are large objects, freed only by a full
/// collection, which an otherwise quiet server may not run for hours, and the collector keeps freed regions
/// committed. When the heap has grown by <see cref="ManagedGrowthBytes"/> since the last collection, or a session has
/// ended since the last tick (its buffers are garbage now), the tick runs an aggressive one (compacts, then decommits
/// what is free). It pauses the process for a few to 20 ms, so it runs only then: a server at steady load, its
/// sessions running, never does.
/// </para>
/// </summary>
internal sealed partial class NativeMemoryTrimmer(
    IOptions<ServerOptions> options, TimeProvider time, ILogger<NativeMemoryTrimmer> logger, EngineHost? engine = null) : BackgroundService
{
    /// <summary>Growth of the managed heap (live and dead objects) since the last collection that makes a tick collect.</summary>
    internal const long ManagedGrowthBytes = 32L * 1024 * 1024;

    private long _managedAfterCollection = GC.GetTotalMemory(forceFullCollection: false);
    private int _sessionsAtLastTick;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int seconds = options.Value.NativeMemoryTrimSeconds;
        if (seconds <= 0 || !OperatingSystem.IsLinux())
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!TrimOnce())
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One trim; false when this C library has no <c>malloc_trim</c> (musl), logged once.</summary>
    internal bool TrimOnce()
    {
        ReturnManagedMemory();
        long begin = Stopwatch.GetTimestamp();
        try
        {
            Libc.MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            logger.NativeTrimUnavailable(e.Message);
            return false;
        }

        logger.NativeMemoryTrimmed(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
        return true;
    }

    /// <summary>
    /// Collects and decommits when the managed heap grew by <see cref="ManagedGrowthBytes"/> or a session ended since
    /// the last tick; true when it did.
    /// </summary>
    internal bool ReturnManagedMemory()
    {
        int sessions = engine is { IsLoaded: true } ? engine.Engine.ActiveSessions : 0;
        bool ended = sessions < _sessionsAtLastTick;
        _sessionsAtLastTick = sessions;
        long heap = GC.GetTotalMemory(forceFullCollection: false);
        if (!ended && heap - _managedAfterCollection < ManagedGrowthBytes)
        {
            // Shrinking (gen0 collections) lowers the mark, so a later rise is measured from where the heap really is.
            _managedAfterCollection = Math.Min(_managedAfterCollection, heap);
            return false;
        }

        long begin = Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _managedAfterCollection = GC.GetTotalMemory(forceFullCollection: false);
        logger.ManagedMemoryReturned(heap / (1024.0 * 1024), _managedAfterCollection / (1024.0 * 1024), Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
        return true;
    }

    internal static partial class Libc
    {
        [LibraryImport("libc", EntryPoint = "malloc_trim")]
        public static partial int MallocTrim(nuint pad);
    }
}
