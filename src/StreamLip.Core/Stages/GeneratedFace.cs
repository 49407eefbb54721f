namespace StreamLip.Stages;

/// <summary>
/// A generated face on its way to the compose stage. <see cref="Face"/> (3 × S × S floats, planar BGR in [0, 1]) is
/// rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>; the compose stage (or the drop handler) returns it.
/// </summary>
/// <param name="Index">Frame number.</param>
/// <param name="CacheFrame">Avatar cache frame to paste onto.</param>
/// <param name="Face">The generated crop.</param>
/// <param name="Arrival">Timestamp of the audio chunk that completed the window (0 offline).</param>
public readonly record struct GeneratedFace(long Index, int CacheFrame, float[] Face, long Arrival = 0);
