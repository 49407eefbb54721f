namespace StreamLip.Media.Probing;

/// <summary>What <see cref="MediaProbe.Probe"/> found by decoding a file.</summary>
/// <param name="Duration">The longer of the two streams.</param>
/// <param name="Video">The first video stream, or null when there is none.</param>
/// <param name="Audio">The first audio stream, or null when there is none.</param>
public sealed record MediaInfo(TimeSpan Duration, VideoStreamInfo? Video, AudioStreamInfo? Audio)
{
    /// <summary>Whether the file has a video stream (an image counts, as one frame).</summary>
    public bool HasVideo => Video is not null;

    /// <summary>Whether the file has an audio stream.</summary>
    public bool HasAudio => Audio is not null;
}
