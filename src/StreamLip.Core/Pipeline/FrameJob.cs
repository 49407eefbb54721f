using StreamLip.Avatars;

namespace StreamLip.Pipeline;

/// <summary>
/// One frame to generate: its mel window and the avatar frame it is drawn on.
/// <see cref="Mel"/> is rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>; whoever consumes the job returns it
/// (the inference stage, after copying it into the batch; or the drop handler).
/// </summary>
/// <param name="Index">Output frame number (frame i starts at i / fps seconds).</param>
/// <param name="Avatar">The avatar whose face input is used.</param>
/// <param name="CacheFrame">Avatar cache frame drawn under it.</param>
/// <param name="Mel">80 × 16 floats, band-major (at least; the array may be longer).</param>
public readonly record struct FrameJob(long Index, Avatar Avatar, int CacheFrame, float[] Mel);
