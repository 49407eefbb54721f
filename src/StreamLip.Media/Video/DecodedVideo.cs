namespace StreamLip.Media.Video;

/// <summary>Every frame of an image (one frame) or a video, decoded to BGRx.</summary>
public sealed class DecodedVideo
{
    /// <summary>Creates the result of a decode.</summary>
    public DecodedVideo(int width, int height, double fps, IReadOnlyList<DecodedFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        Width = width;
        Height = height;
        Fps = fps;
        Frames = frames;
    }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Frames per second the file declares; 0 for a still image or a variable frame rate.</summary>
    public double Fps { get; }

    /// <summary>The frames in presentation order.</summary>
    public IReadOnlyList<DecodedFrame> Frames { get; }
}
