using Xunit;

namespace StreamLip.Tests.Shared.Allocations;

/// <summary>
/// Checks that a call allocates no managed memory once warm. The call runs in several windows of a few calls each,
/// counted with <see cref="GC.GetAllocatedBytesForCurrentThread"/>. An allocation made by the call itself shows in
/// every window; the runtime's own one-off allocations on the calling thread (tiered JIT starting its background
/// worker once a method has run 30 times: 7.5 KB seen once in CI) show in one. So at least one window must be 0 B.
/// </summary>
internal static class SteadyState
{
    /// <summary>Warms <paramref name="call"/> up once, then asserts that one of five windows of <paramref name="callsPerWindow"/> calls allocates nothing.</summary>
    public static void AssertAllocatesNothing(Action call, int callsPerWindow = 10)
    {
        call();
        long[] windows = new long[5];
        for (int w = 0; w < windows.Length; w++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < callsPerWindow; i++)
            {
                call();
            }

            windows[w] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.True(windows.Min() == 0, $"bytes allocated per window of {callsPerWindow} calls: {string.Join(", ", windows)}");
    }
}
