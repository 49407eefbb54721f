namespace StreamLip.Realtime;

/// <summary>
/// What the pacer learns about a frame before its deadline. <see cref="Bgrx"/> is a composed frame rented from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/> (the pacer returns it), or null for a silent window (show the
/// avatar's own loop frame).
/// </summary>
/// <param name="Index">Session frame number.</param>
/// <param name="Bgrx">The composed frame, or null when the window was silent.</param>
/// <param name="Arrival">Timestamp when the audio chunk that completed the frame's window arrived.</param>
/// <param name="Ready">Timestamp when the frame was ready to send.</param>
internal readonly record struct FrameResult(long Index, byte[]? Bgrx, long Arrival, long Ready);
