namespace StreamLip.Media.Outputs;

/// <summary>
/// How a <see cref="LiveStreamOutput"/> or <see cref="RecordingOutput"/> encodes: H.264 (x264) video of the session's
/// frames and AAC audio of its voice.
/// </summary>
public sealed class EncodingOptions
{
    /// <summary>The x264 speed presets, fastest first (<c>x264enc speed-preset</c> nicks).</summary>
    public static readonly IReadOnlyList<string> SpeedPresets =
        ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"];

    /// <summary>Frame width in pixels (the width of the BGRx frames pushed); even.</summary>
    public int Width { get; set; }

    /// <summary>Frame height in pixels; even.</summary>
    public int Height { get; set; }

    /// <summary>Frames per second of the session. Default 25.</summary>
    public int Fps { get; set; } = 25;

    /// <summary>H.264 average bitrate, kbit/s. Default 2500.</summary>
    public int VideoBitrateKbps { get; set; } = 2500;

    /// <summary>AAC bitrate, kbit/s (stereo). Default 128.</summary>
    public int AudioBitrateKbps { get; set; } = 128;

    /// <summary>Largest distance between key frames, seconds (→ <c>key-int-max</c> = seconds × fps). Default 2
    /// (what YouTube, Twitch and most ingest servers ask for).</summary>
    public double KeyframeIntervalSeconds { get; set; } = 2;

    /// <summary>x264 speed preset, one of <see cref="SpeedPresets"/>. Default <c>veryfast</c>.</summary>
    public string SpeedPreset { get; set; } = "veryfast";

    /// <summary>Key-frame distance in frames.</summary>
    internal int KeyframeIntervalFrames => Math.Max(1, (int)Math.Round(KeyframeIntervalSeconds * Fps));

    /// <summary>A copy (outputs keep their own, so later changes have no effect).</summary>
    public EncodingOptions Clone() => (EncodingOptions)MemberwiseClone();

    /// <summary>Throws with a message naming the setting when a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        Check(Width is >= 16 and <= 7680 && Width % 2 == 0, nameof(Width), Width, "must be even, 16 to 7680");
        Check(Height is >= 16 and <= 4320 && Height % 2 == 0, nameof(Height), Height, "must be even, 16 to 4320");
        Check(Fps is >= 1 and <= 120, nameof(Fps), Fps, "must be 1 to 120");
        Check(VideoBitrateKbps is >= 100 and <= 50_000, nameof(VideoBitrateKbps), VideoBitrateKbps, "must be 100 to 50000 kbit/s");
        Check(AudioBitrateKbps is >= 32 and <= 320, nameof(AudioBitrateKbps), AudioBitrateKbps, "must be 32 to 320 kbit/s");
        Check(KeyframeIntervalSeconds is >= 0.04 and <= 20, nameof(KeyframeIntervalSeconds), KeyframeIntervalSeconds, "must be 0.04 to 20 s");
        Check(SpeedPresets.Contains(SpeedPreset), nameof(SpeedPreset), SpeedPreset, "must be one of " + string.Join(", ", SpeedPresets));
    }

    private static void Check(bool ok, string name, object? value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"EncodingOptions.{name} {rule}.");
        }
    }
}
