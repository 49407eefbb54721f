namespace StreamLip.Media.Muxing;

/// <summary>What <see cref="Mp4Writer"/> writes: H.264 video and, unless <see cref="AudioChannels"/> is 0, AAC audio.</summary>
public sealed class Mp4WriterOptions
{
    /// <summary>Frame width in pixels; even (4:2:0 chroma).</summary>
    public int Width { get; set; }

    /// <summary>Frame height in pixels; even (4:2:0 chroma).</summary>
    public int Height { get; set; }

    /// <summary>Frames per second; frame n is at exactly n / Fps seconds. Default 25.</summary>
    public int Fps { get; set; } = 25;

    /// <summary>Sample rate of the float samples given to <see cref="Mp4Writer.WriteAudio"/>, in Hz. Default 16000.</summary>
    public int AudioSampleRate { get; set; } = 16000;

    /// <summary>Channels of those samples (interleaved): 1 or 2, or 0 for a file without audio. Default 1.</summary>
    public int AudioChannels { get; set; } = 1;

    /// <summary>AAC bitrate in bits per second (the audio is encoded at 48 kHz). Default 128000.</summary>
    public int AudioBitrate { get; set; } = 128_000;

    /// <summary>H.264 average bitrate in kbit/s; null encodes at constant quality <see cref="Crf"/> instead. Default null.</summary>
    public int? VideoBitrateKbps { get; set; }

    /// <summary>x264 constant rate factor, 0 (lossless) to 51, used when <see cref="VideoBitrateKbps"/> is null. Default 23.</summary>
    public int Crf { get; set; } = 23;

    /// <summary>Largest distance between key frames, in frames. Default 50 (2 s at 25 fps).</summary>
    public int KeyFrameInterval { get; set; } = 50;

    /// <summary>Throws with a message naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        Check(Width >= 2 && Width % 2 == 0 && Width <= 8192, nameof(Width), Width, "must be even, 2 to 8192");
        Check(Height >= 2 && Height % 2 == 0 && Height <= 8192, nameof(Height), Height, "must be even, 2 to 8192");
        Check(Fps is >= 1 and <= 240, nameof(Fps), Fps, "must be 1 to 240");
        Check(AudioChannels is >= 0 and <= 2, nameof(AudioChannels), AudioChannels, "must be 0 (no audio), 1 or 2");
        Check(AudioChannels == 0 || AudioSampleRate is >= 8000 and <= 192_000, nameof(AudioSampleRate), AudioSampleRate, "must be 8000 to 192000 Hz");
        Check(AudioBitrate is >= 16_000 and <= 512_000, nameof(AudioBitrate), AudioBitrate, "must be 16000 to 512000 bit/s");
        Check(VideoBitrateKbps is null or (>= 50 and <= 100_000), nameof(VideoBitrateKbps), VideoBitrateKbps, "must be 50 to 100000 kbit/s");
        Check(Crf is >= 0 and <= 51, nameof(Crf), Crf, "must be 0 to 51");
        Check(KeyFrameInterval >= 1, nameof(KeyFrameInterval), KeyFrameInterval, "must be at least 1");
    }

    private static void Check(bool ok, string name, object? value, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Mp4WriterOptions.{name} {rule}.");
        }
    }
}
