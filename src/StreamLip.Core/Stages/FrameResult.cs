namespace StreamLip.Stages;

/// <summary>
/// A finished frame, or (real time) the notice that a frame's window was silent. <see cref="Bgrx"/> (height × width × 4
/// bytes, stride = width × 4) is rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/> and returned by whoever
/// consumes the result (the pacer, the offline sink); null for a silent window (show the avatar's own loop frame).
/// </summary>
/// <param name="Index">Frame number.</param>
/// <param name="Bgrx">The composed frame, or null when the window was silent.</param>
/// <param name="Arrival">Timestamp when the audio chunk that completed the frame's window arrived (0 offline).</param>
/// <param name="Ready">Timestamp when the frame was ready to send.</param>
public readonly record struct FrameResult(long Index, byte[]? Bgrx, long Arrival = 0, long Ready = 0)
{
    /// <summary>Gives <see cref="Bgrx"/> back to the pool, if there is one (a dropped or consumed result).</summary>
    public void Return()
    {
        if (Bgrx is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(Bgrx);
        }
    }
}
