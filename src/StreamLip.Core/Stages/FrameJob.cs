namespace StreamLip.Stages;

/// <summary>
/// One frame to generate: its mel window and the avatar frame it is drawn on (the avatar is the stage's, or the
/// session lane's). <see cref="Mel"/> is rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>; whoever consumes
/// the job returns it (the batch stage, after copying it into the batch; or the drop handler).
/// </summary>
/// <param name="Index">Frame number (frame i starts at i / fps seconds).</param>
/// <param name="CacheFrame">Avatar cache frame the face is taken from and pasted onto.</param>
/// <param name="Mel">80 × 16 floats, band-major (at least; the array may be longer).</param>
/// <param name="Arrival">Timestamp of the audio chunk that completed the window (0 offline).</param>
public readonly record struct FrameJob(long Index, int CacheFrame, float[] Mel, long Arrival = 0);
