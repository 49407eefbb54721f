namespace StreamLip.Compositing;

/// <summary>
/// Shape of the blend mask that limits a pasted face crop to the lower face, as fractions of the face box.
/// Defaults: weight 0 above <see cref="LowerFaceStart"/> (0.45 of the box height), a smoothstep ramp to 1 at
/// <see cref="LowerFaceEnd"/> (0.6), and a smoothstep fade to 0 over <see cref="EdgeFeather"/> (0.1 of the
/// box width, resp. height) towards the left, right and bottom box edges; the outermost pixel ring of those
/// edges gets weight 0, so the box border itself is never changed.
/// </summary>
public sealed class FeatherMask
{
    /// <summary>
    /// Fraction of the box height (from its top) where the lower-face ramp starts; rows whose pixel centre lies
    /// at or above it keep the avatar frame bit-exact. Default 0.45.
    /// </summary>
    public float LowerFaceStart { get; set; } = 0.45f;

    /// <summary>Fraction of the box height where the lower-face ramp reaches full weight. Default 0.6.</summary>
    public float LowerFaceEnd { get; set; } = 0.6f;

    /// <summary>
    /// Width of the fade towards the left and right edges as a fraction of the box width, and towards the
    /// bottom edge as a fraction of the box height. Default 0.1; 0 disables the fade (hard edges); at most 0.5.
    /// </summary>
    public float EdgeFeather { get; set; } = 0.1f;

    /// <summary>Throws <see cref="ArgumentException"/> with a clear message when the values make no mask.</summary>
    public void Validate()
    {
        if (!(LowerFaceStart >= 0f && LowerFaceStart < 1f))
        {
            throw new ArgumentException(
                $"FeatherMask.LowerFaceStart must be in [0, 1) (fraction of the box height), got {LowerFaceStart}.");
        }

        if (!(LowerFaceEnd > LowerFaceStart && LowerFaceEnd <= 1f))
        {
            throw new ArgumentException(
                $"FeatherMask.LowerFaceEnd must be in (LowerFaceStart, 1], got {LowerFaceEnd} with start {LowerFaceStart}.");
        }

        if (!(EdgeFeather >= 0f && EdgeFeather <= 0.5f))
        {
            throw new ArgumentException(
                $"FeatherMask.EdgeFeather must be in [0, 0.5] (fraction of the box size), got {EdgeFeather}.");
        }
    }
}
