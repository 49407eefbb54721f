namespace StreamLip.Media.Probing;

/// <summary>An audio stream as decoded.</summary>
/// <param name="SampleRate">Decoded sample rate in Hz.</param>
/// <param name="Channels">Decoded channels.</param>
/// <param name="SampleFrames">Samples per channel actually decoded (codec priming included, if the file does not trim it).</param>
/// <param name="Duration"><paramref name="SampleFrames"/> / <paramref name="SampleRate"/>.</param>
public sealed record AudioStreamInfo(int SampleRate, int Channels, long SampleFrames, TimeSpan Duration);
