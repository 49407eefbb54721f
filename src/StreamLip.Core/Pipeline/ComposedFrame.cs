namespace StreamLip.Pipeline;

/// <summary>
/// A finished output frame. <see cref="Bgrx"/> (height × width × 4 bytes) is rented from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/>; the sink returns it after writing.
/// </summary>
/// <param name="Index">Output frame number.</param>
/// <param name="Bgrx">The pixels, stride = width × 4.</param>
public readonly record struct ComposedFrame(long Index, byte[] Bgrx);
