namespace StreamLip.Compositing;

/// <summary>Which implementation of the per-row blend loop runs (tests force each one).</summary>
internal enum BlendPath
{
    /// <summary>One float at a time; the reference the vector paths must agree with.</summary>
    Scalar,

    /// <summary>16 bytes (4 BGRx pixels) per step, scalar tail.</summary>
    Vector128,

    /// <summary>32 bytes (8 BGRx pixels) per step, then the 128-bit step, then the scalar tail.</summary>
    Vector256,
}
