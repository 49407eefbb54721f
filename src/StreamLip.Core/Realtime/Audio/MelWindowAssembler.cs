using StreamLip.Audio;

namespace StreamLip.Realtime.Audio;

/// <summary>
/// Collects streamed mel columns and hands out each frame's 16-column window as soon as its last column exists
/// (<see cref="MelWindows.FirstColumn"/> + 16 ≤ columns emitted). Keeps the last 64 columns; owns its buffers.
/// Not thread-safe: the session's audio loop owns it.
/// </summary>
internal sealed class MelWindowAssembler(int alignmentOffsetFrames)
{
    /// <summary>Mel values at or below this are silence (the clip floor is −4).</summary>
    public const float SilenceThreshold = -3.9f;

    private const int RingColumns = 64; // power of two; a window reaches at most ~20 columns back
    private readonly float[] _columns = new float[RingColumns * MelSpectrogram.Bands];
    private readonly float[] _window = new float[MelWindows.WindowLength];
    private int _columnCount;
    private int _nextFrame;

    /// <summary>The segment's next frame whose window is not complete yet.</summary>
    public int NextFrame => _nextFrame;

    /// <summary>Forgets the segment (a new one starts at frame 0, column 0).</summary>
    public void Reset()
    {
        _columnCount = 0;
        _nextFrame = 0;
    }

    /// <summary>Stores column <paramref name="index"/> (the next one).</summary>
    public void Add(int index, ReadOnlySpan<float> column)
    {
        if (index != _columnCount)
        {
            throw new InvalidOperationException($"Column {index} arrived, {_columnCount} was expected.");
        }

        column.CopyTo(_columns.AsSpan((index & (RingColumns - 1)) * MelSpectrogram.Bands, MelSpectrogram.Bands));
        _columnCount++;
    }

    /// <summary>If the next frame's window is complete, fills it (band-major [80, 16], owned by this assembler and
    /// overwritten by the next call) and moves on to the following frame.</summary>
    /// <param name="frame">The segment frame whose window this is.</param>
    /// <param name="window">The window; valid until the next call.</param>
    /// <param name="silent">True when every value is at or below <see cref="SilenceThreshold"/>.</param>
    public bool TryTake(out int frame, out ReadOnlySpan<float> window, out bool silent)
    {
        int start = MelWindows.FirstColumn(_nextFrame, alignmentOffsetFrames);
        if (start + MelWindows.WindowColumns > _columnCount)
        {
            frame = default;
            window = default;
            silent = default;
            return false;
        }

        silent = true;
        for (int c = 0; c < MelWindows.WindowColumns; c++)
        {
            ReadOnlySpan<float> column = _columns.AsSpan(((start + c) & (RingColumns - 1)) * MelSpectrogram.Bands, MelSpectrogram.Bands);
            for (int b = 0; b < column.Length; b++)
            {
                float v = column[b];
                silent &= v <= SilenceThreshold;
                _window[(b * MelWindows.WindowColumns) + c] = v;
            }
        }

        frame = _nextFrame++;
        window = _window;
        return true;
    }
}
