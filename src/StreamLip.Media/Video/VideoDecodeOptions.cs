namespace StreamLip.Media.Video;

/// <summary>How <see cref="VideoFileDecoder"/> and <see cref="VideoFrameReader"/> decode a file.</summary>
public sealed class VideoDecodeOptions
{
    /// <summary>Run OpenCV face detection (GStreamer facedetect) on every frame in the same pass. Default off.</summary>
    public bool DetectFaces { get; set; }

    /// <summary>Smallest face, in pixels (width and height), that detection reports. Default 60.</summary>
    public int MinFaceSize { get; set; } = 60;

    /// <summary>
    /// Most frames accepted; a longer file is an error (decoding keeps every frame in memory: 1500 frames of
    /// 512×512 BGRx are 1.5 GB). Default 1500 (60 s at 25 fps).
    /// </summary>
    public int MaxFrames { get; set; } = 1500;

    /// <summary>
    /// Most pixels in one frame (width × height); a larger image or video is refused from its header, before a decoder
    /// allocates the frame (a 915 KB PNG can declare 30000 × 30000 pixels: 3.6 GB as BGRx). Default 16,777,216
    /// (4096 × 4096; 4K UHD is 8.3 million).
    /// </summary>
    public long MaxPixels { get; set; } = 4096L * 4096;

    /// <summary>Throws with a message naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (MinFaceSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinFaceSize), MinFaceSize, "MinFaceSize must be at least 1 pixel.");
        }

        if (MaxPixels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPixels), MaxPixels, "MaxPixels must be at least 1.");
        }

        if (MaxFrames < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrames), MaxFrames, "MaxFrames must be at least 1.");
        }
    }
}
