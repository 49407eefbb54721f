using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;

namespace StreamLip.Server.Tests.Hosting;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    public const string Name = "Process memory (alone: other tests would move the resident size)";
}

/// <summary>
/// glibc keeps freed memory inside its arenas: a server's resident size stays at every arena's high-water mark. The
/// trimmer hands those pages back. Real native allocations, the process's own resident anonymous memory.
/// </summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class NativeMemoryTrimmerTests
{
    private const int BlockBytes = 64 * 1024; // under glibc's mmap threshold: served from an arena
    private const int Blocks = 3200;          // 200 MiB

    [Fact]
    public unsafe void A_trim_returns_freed_arena_memory_that_free_alone_keeps()
    {
        var trimmer = new NativeMemoryTrimmer(Microsoft.Extensions.Options.Options.Create(new ServerOptions()), TimeProvider.System, NullLogger<NativeMemoryTrimmer>.Instance);
        Assert.True(trimmer.TrimOnce());
        double baseline = AnonymousMiB();

        nint[] blocks = new nint[Blocks];
        for (int i = 0; i < Blocks; i++)
        {
            blocks[i] = (nint)NativeMemory.Alloc(BlockBytes);
            new Span<byte>((void*)blocks[i], BlockBytes).Fill(1);
        }

        double allocated = AnonymousMiB();

        // Free all but the last block: it keeps the freed space below the arena's top, where free() never returns it.
        for (int i = 0; i < Blocks - 1; i++)
        {
            NativeMemory.Free((void*)blocks[i]);
        }

        double freed = AnonymousMiB();
        Assert.True(trimmer.TrimOnce());
        double trimmed = AnonymousMiB();
        NativeMemory.Free((void*)blocks[^1]);

        string story = $"baseline {baseline:F0} MiB, allocated {allocated:F0}, freed {freed:F0}, trimmed {trimmed:F0}";
        Assert.True(allocated - baseline > 150, story);
        Assert.True(freed - baseline > 150, "free() alone should keep the pages (else this test proves nothing): " + story);
        Assert.True(freed - trimmed > 150, "the trim should hand the freed pages back: " + story);
    }

    private static double AnonymousMiB()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        throw new InvalidOperationException("/proc/self/status has no RssAnon line.");
    }
}
