namespace StreamLip.Realtime;

/// <summary>
/// One frame to generate, queued by its session for the shared batcher. <see cref="Mel"/> (80 × 16 floats,
/// band-major) is rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>; the batcher returns it after copying
/// it into the batch, or the drop handler does.
/// </summary>
/// <param name="Session">Where the generated face goes.</param>
/// <param name="Index">Session frame number.</param>
/// <param name="CacheFrame">Avatar cache frame the face is taken from and pasted onto.</param>
/// <param name="Mel">The frame's mel window.</param>
/// <param name="Arrival">Timestamp of the audio chunk that completed the window.</param>
internal readonly record struct RealtimeJob(RealtimeSession Session, long Index, int CacheFrame, float[] Mel, long Arrival);
