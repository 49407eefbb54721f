namespace StreamLip.Media.Probing;

/// <summary>A video stream as decoded.</summary>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="Fps">Declared frames per second; 0 for a still image or variable rate.</param>
/// <param name="FrameCount">Frames actually decoded.</param>
/// <param name="Duration">From the first frame's start to the last frame's end (0 for one still frame).</param>
public sealed record VideoStreamInfo(int Width, int Height, double Fps, int FrameCount, TimeSpan Duration);
