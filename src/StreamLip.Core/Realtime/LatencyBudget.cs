using StreamLip.Audio;

namespace StreamLip.Realtime;

/// <summary>
/// How long after a frame's own time the frame can be made and must be sent (shared/DESIGN.md "Timing").
/// </summary>
public static class LatencyBudget
{
    /// <summary>Video frames per second of the real-time output.</summary>
    public const int Fps = MelWindows.DefaultFps;

    /// <summary>16 kHz samples per video frame (40 ms).</summary>
    public const int SamplesPerFrame = MelSpectrogram.SampleRate / Fps;

    /// <summary>One frame's duration, exactly 40 ms.</summary>
    public static readonly TimeSpan FrameDuration = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / Fps);

    /// <summary>
    /// The audio that must have arrived after frame i's own time before its window is complete: the window's last
    /// column (first + 15) is centred 15 hops after its start and needs half an STFT window (400 samples) beyond:
    /// 3400 samples = 212.5 ms for the inference alignment, 40 ms less per frame of negative offset (except for the
    /// first frames of a stream, whose windows are clamped at column 0: they need the full 212.5 ms).
    /// </summary>
    /// <param name="alignmentOffsetFrames">0: Wav2Lip inference; −1: Wav2Lip training alignment.</param>
    public static TimeSpan WindowFloor(int alignmentOffsetFrames)
    {
        // First column of frame i is floor(3.2·(i + offset)) ≤ 3.2·(i + offset): the worst case is the exact multiple.
        long samples = ((MelWindows.WindowColumns - 1) * (long)MelSpectrogram.HopLength) + (MelSpectrogram.FftLength / 2)
            + ((long)alignmentOffsetFrames * SamplesPerFrame);
        return TimeSpan.FromTicks(Math.Max(0, samples) * TimeSpan.TicksPerSecond / MelSpectrogram.SampleRate);
    }

    /// <summary>The delay D of frame i's deadline after its own time: <see cref="WindowFloor"/> + <paramref name="margin"/>.</summary>
    public static TimeSpan Total(int alignmentOffsetFrames, TimeSpan margin) => WindowFloor(alignmentOffsetFrames) + margin;
}
