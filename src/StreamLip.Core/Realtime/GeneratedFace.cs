namespace StreamLip.Realtime;

/// <summary>
/// A generated face on its way to the session's compositor. <see cref="Face"/> (3 × S × S floats, planar BGR) is
/// rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>; the compositor (or the drop handler) returns it.
/// </summary>
/// <param name="Index">Session frame number.</param>
/// <param name="CacheFrame">Avatar cache frame to paste onto.</param>
/// <param name="Face">The generated crop.</param>
/// <param name="Arrival">Timestamp of the audio chunk that completed the window.</param>
internal readonly record struct GeneratedFace(long Index, int CacheFrame, float[] Face, long Arrival);
