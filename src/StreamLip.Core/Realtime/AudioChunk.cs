namespace StreamLip.Realtime;

/// <summary>
/// A microphone chunk in flight from the transport's thread to the session's audio loop. <see cref="Samples"/> is rented
/// from <see cref="System.Buffers.ArrayPool{T}.Shared"/>; the audio loop (or the drop handler) returns it.
/// </summary>
/// <param name="Samples">16 kHz mono samples; the first <paramref name="Count"/> are valid.</param>
/// <param name="Count">Valid samples.</param>
/// <param name="Arrival">Timestamp of <see cref="TimeProvider"/> when the chunk arrived.</param>
internal readonly record struct AudioChunk(float[] Samples, int Count, long Arrival);
