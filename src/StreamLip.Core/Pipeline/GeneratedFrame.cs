namespace StreamLip.Pipeline;

/// <summary>
/// A generated face for one output frame. <see cref="Face"/> (3 × S × S floats, planar BGR in [0, 1]) is rented
/// from <see cref="System.Buffers.ArrayPool{T}.Shared"/> and returned by the compositing stage.
/// </summary>
/// <param name="Index">Output frame number.</param>
/// <param name="CacheFrame">Avatar cache frame drawn under it.</param>
/// <param name="Face">The generated crop.</param>
public readonly record struct GeneratedFrame(long Index, int CacheFrame, float[] Face);
