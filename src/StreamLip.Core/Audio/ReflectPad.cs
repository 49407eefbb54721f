namespace StreamLip.Audio;

/// <summary>
/// Sample indexing of a signal padded as numpy <c>np.pad(y, pad, mode='reflect')</c> does it: mirrored
/// about the end samples without repeating them. For a pad wider than the signal numpy reflects again and
/// again, which is the even periodic extension with period 2·(n − 1); a one-sample signal is edge-padded.
/// </summary>
internal static class ReflectPad
{
    /// <summary>Maps index <paramref name="i"/> (any integer) of the extended signal to an index in [0, n).</summary>
    /// <param name="i">Index into the unpadded signal's coordinates; negative or ≥ n lies in the padding.</param>
    /// <param name="n">Signal length in samples; at least 1.</param>
    public static long Index(long i, long n)
    {
        if ((ulong)i < (ulong)n)
        {
            return i;
        }

        if (n == 1)
        {
            return 0;
        }

        long period = 2 * (n - 1);
        long j = i % period;
        if (j < 0)
        {
            j += period;
        }

        return j >= n ? period - j : j;
    }
}
