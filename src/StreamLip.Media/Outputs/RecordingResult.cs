namespace StreamLip.Media.Outputs;

/// <summary>A completed recording.</summary>
/// <param name="Path">The MP4 file.</param>
/// <param name="Duration">From the first frame's start to the last frame's end.</param>
/// <param name="Frames">Video frames in the file.</param>
public sealed record RecordingResult(string Path, TimeSpan Duration, long Frames);
