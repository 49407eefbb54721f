namespace StreamLip.Media.Video;

/// <summary>
/// Which implementation of <see cref="I420Converter"/>'s row loop runs (tests and benchmarks force each one), slowest
/// first: a path the CPU lacks falls back to the fastest one below it.
/// </summary>
internal enum I420Path
{
    /// <summary>One pixel pair at a time; the reference the vector paths must agree with bit for bit.</summary>
    Scalar,

    /// <summary>16 pixels of a row pair per step (SSSE3 and SSE4.1), scalar tail.</summary>
    Vector128,

    /// <summary>32 pixels of a row pair per step (AVX2), then the 128-bit step, then the scalar tail.</summary>
    Vector256,
}
