namespace StreamLip.Realtime.Audio;

/// <summary>
/// A microphone chunk in flight from the transport's thread to the session's audio loop. <see cref="Samples"/> is rented
/// from <see cref="System.Buffers.ArrayPool{T}.Shared"/>; the audio loop (or the drop handler) returns it.
/// </summary>
/// <param name="Samples">16 kHz mono samples; the first <paramref name="Count"/> are valid.</param>
/// <param name="Count">Valid samples.</param>
/// <param name="Arrival">Timestamp of <see cref="TimeProvider"/> when the chunk arrived.</param>
/// <param name="Sequence">Order in which the session queued it (an interrupt takes a number too: chunks numbered below
/// it were heard before it).</param>
/// <param name="EndOfSpeech">The last chunk of pushed speech: after it, the mel windows are completed with silence and
/// the next chunk starts a new segment.</param>
internal readonly record struct AudioChunk(float[] Samples, int Count, long Arrival, long Sequence = 0, bool EndOfSpeech = false);
