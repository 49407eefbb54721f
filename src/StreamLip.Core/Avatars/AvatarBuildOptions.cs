namespace StreamLip.Avatars;

/// <summary>How an avatar is built from an image or a video. Plain options with defaults, validated by <see cref="Validate"/>.</summary>
public sealed class AvatarBuildOptions
{
    /// <summary>Side of the square face crop the model takes (S), in pixels. Wav2Lip: 96.</summary>
    public int FaceSize { get; set; } = 96;

    /// <summary>Pixels added above the detected face box (Wav2Lip <c>--pads</c> top).</summary>
    public int PadTop { get; set; }

    /// <summary>Pixels added below the detected face box, so the chin is inside the crop (Wav2Lip default 10).</summary>
    public int PadBottom { get; set; } = 10;

    /// <summary>Pixels added left of the detected face box.</summary>
    public int PadLeft { get; set; }

    /// <summary>Pixels added right of the detected face box.</summary>
    public int PadRight { get; set; }

    /// <summary>
    /// How the face box is cut from the landmarks: the framing of the model the avatar is for (<see cref="FaceFraming"/>;
    /// default <see cref="FaceFraming.Haar"/>, the built-in model's). An avatar with landmarks is framed again for
    /// another model's framing when it is loaded, so this only saves that work.
    /// </summary>
    public FaceFraming Framing { get; set; } = FaceFraming.Haar;

    /// <summary>Boxes are averaged over this many consecutive frames (Wav2Lip's <c>get_smoothened_boxes</c>, T = 5).</summary>
    public int SmoothingFrames { get; set; } = 5;

    /// <summary>
    /// The longest stretch of video without a face, in seconds, that is filled from the frames either side. Longer
    /// stretches fail the build, named, unless <see cref="TrimFaceless"/> is on. In frames: see <see cref="MaxGapFrames"/>.
    /// </summary>
    public double MaxGapSeconds { get; set; } = 1.0;

    /// <summary><see cref="MaxGapSeconds"/> in frames of the source (at <see cref="SourceFps"/>, 25 when unknown), rounded.</summary>
    public int MaxGapFrames => (int)Math.Round(MaxGapSeconds * (SourceFps > 0 ? SourceFps : 25));

    /// <summary>Drop stretches without a face longer than <see cref="MaxGapFrames"/> instead of failing.</summary>
    public bool TrimFaceless { get; set; }

    /// <summary>Frame rate of the source video (0 or unknown: 25).</summary>
    public double SourceFps { get; set; } = 25;

    /// <summary>
    /// Frames made from a still image. They are played forwards then backwards, so the idle loop lasts
    /// about twice this many frames (50 → 3.9 s at 25 fps).
    /// </summary>
    public int StillFrames { get; set; } = 50;

    /// <summary>Peak vertical drift of the idle motion of a still, as a fraction of the image height.</summary>
    public double IdleDrift { get; set; } = 0.003;

    /// <summary>Peak extra scale of the idle motion of a still ("breathing").</summary>
    public double IdleScale { get; set; } = 0.004;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (FaceSize is < 16 or > 1024)
        {
            throw new ArgumentException($"Face size must be 16..1024 pixels, not {FaceSize}.");
        }

        if (PadTop < 0 || PadBottom < 0 || PadLeft < 0 || PadRight < 0)
        {
            throw new ArgumentException($"Pads must not be negative (top {PadTop}, bottom {PadBottom}, left {PadLeft}, right {PadRight}).");
        }

        if (SmoothingFrames < 1)
        {
            throw new ArgumentException($"Smoothing must span at least 1 frame, not {SmoothingFrames}.");
        }

        if (!double.IsFinite(MaxGapSeconds) || MaxGapSeconds is < 0 or > 40)
        {
            throw new ArgumentException($"The longest filled gap must be 0..40 seconds, not {MaxGapSeconds}.");
        }

        if (!double.IsFinite(SourceFps) || SourceFps is < 0 or > 1000)
        {
            throw new ArgumentException($"The source frame rate must be 0..1000 frames per second, not {SourceFps}.");
        }

        if (StillFrames is < 1 or > 1000)
        {
            throw new ArgumentException($"Still frames must be 1..1000, not {StillFrames}.");
        }

        if (IdleDrift is < 0 or > 0.05 || IdleScale is < 0 or > 0.05)
        {
            throw new ArgumentException("Idle motion must stay subtle: drift and scale are fractions in 0..0.05.");
        }
    }
}
