namespace StreamLip.Audio;

/// <summary>
/// Which 16 mel columns (200 ms) go with video frame i, as Wav2Lip's inference script takes them:
/// start = int(80·i/fps), and a window that would run past the last column is moved back to end there.
/// </summary>
/// <remarks>
/// <para>Alignment: Wav2Lip's training code cropped frame i's window from frame i − 1's start
/// (<c>get_segmented_mels</c>), so a model trained that way shows the mouth of 40 ms later than its frame
/// at inference. An <c>alignmentOffsetFrames</c> of −1 reproduces the training alignment, 0 (default) the
/// inference script; the start is clamped at column 0.</para>
/// <para>Short audio: with fewer than 16 columns (under ≈ 190 ms) the window is all the columns there are,
/// from column 0, followed by silence (−4) columns.</para>
/// </remarks>
public static class MelWindows
{
    /// <summary>Columns per window (Wav2Lip's mel_step_size).</summary>
    public const int WindowColumns = 16;

    /// <summary>Values per window: 80 bands × 16 columns.</summary>
    public const int WindowLength = MelSpectrogram.Bands * WindowColumns;

    /// <summary>Video frame rate Wav2Lip works at.</summary>
    public const int DefaultFps = 25;

    /// <summary>Video frames to render for <paramref name="samples"/> 16 kHz samples: ceil(samples·fps/16000),
    /// so the video lasts as long as the audio.</summary>
    public static int FrameCount(long samples, int fps = DefaultFps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(fps, 1);
        return checked((int)(((samples * fps) + MelSpectrogram.SampleRate - 1) / MelSpectrogram.SampleRate));
    }

    /// <summary>First column of frame <paramref name="frame"/>'s window before end clamping:
    /// int(80·(frame + offset)/fps) in exact integer arithmetic, at least 0. A streaming consumer can render
    /// the frame once this + 16 columns have been emitted (or the stream has ended).</summary>
    public static int FirstColumn(int frame, int alignmentOffsetFrames = 0, int fps = DefaultFps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfLessThan(fps, 1);
        long aligned = (long)frame + alignmentOffsetFrames;
        return aligned <= 0 ? 0 : checked((int)(aligned * MelSpectrogram.ColumnsPerSecond / fps));
    }

    /// <summary>First column of frame <paramref name="frame"/>'s window in a spectrogram of
    /// <paramref name="columns"/> columns: <see cref="FirstColumn"/>, moved back to columns − 16 if the window
    /// would run past the end (Wav2Lip), and 0 when there are fewer than 16 columns.</summary>
    public static int WindowStart(int frame, int columns, int alignmentOffsetFrames = 0, int fps = DefaultFps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        int start = FirstColumn(frame, alignmentOffsetFrames, fps);
        return start + WindowColumns > columns ? Math.Max(0, columns - WindowColumns) : start;
    }

    /// <summary>Copies frame <paramref name="frame"/>'s window as the model input wants it: band-major
    /// [80, 16], band b and column c at <c>destination[b·16 + c]</c>; columns past the end are −4.</summary>
    /// <param name="mel">The spectrogram.</param>
    /// <param name="frame">Video frame index, from 0.</param>
    /// <param name="destination">At least <see cref="WindowLength"/> values, owned by the caller.</param>
    /// <param name="alignmentOffsetFrames">0: Wav2Lip inference; −1: Wav2Lip training alignment.</param>
    /// <param name="fps">Video frame rate.</param>
    public static void CopyWindow(MelFrames mel, int frame, Span<float> destination, int alignmentOffsetFrames = 0, int fps = DefaultFps)
    {
        ArgumentNullException.ThrowIfNull(mel);
        if (destination.Length < WindowLength)
        {
            throw new ArgumentException($"The destination needs {WindowLength} values.", nameof(destination));
        }

        int start = WindowStart(frame, mel.Columns, alignmentOffsetFrames, fps);
        for (int c = 0; c < WindowColumns; c++)
        {
            int t = start + c;
            if (t < mel.Columns)
            {
                ReadOnlySpan<float> column = mel.Column(t);
                for (int b = 0; b < column.Length; b++)
                {
                    destination[(b * WindowColumns) + c] = column[b];
                }
            }
            else
            {
                for (int b = 0; b < MelSpectrogram.Bands; b++)
                {
                    destination[(b * WindowColumns) + c] = MelSpectrogram.Silence;
                }
            }
        }
    }
}
