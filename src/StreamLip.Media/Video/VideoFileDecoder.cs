namespace StreamLip.Media.Video;

/// <summary>Decodes a whole image (PNG, JPEG: one frame) or video file into BGRx frames, optionally with faces.</summary>
public static class VideoFileDecoder
{
    /// <summary>Decodes every frame of <paramref name="path"/>.</summary>
    /// <param name="path">Any image or video GStreamer can read.</param>
    /// <param name="options">Face detection, minimum face size, frame limit; defaults when null.</param>
    /// <param name="progress">Receives the number of frames decoded so far, after each frame.</param>
    /// <param name="cancellationToken">Stops the decode.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Unreadable, no video stream, corrupt, or more frames than allowed; names the file.</exception>
    /// <exception cref="GStreamerUnavailableException">GStreamer, an element or the face cascades are missing.</exception>
    public static DecodedVideo Decode(
        string path, VideoDecodeOptions? options = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        using var reader = VideoFrameReader.Open(path, options, cancellationToken);
        var frames = new List<DecodedFrame>();
        while (true)
        {
            // One array per frame is the point here: the caller keeps them all.
            byte[] bgrx = new byte[reader.FrameSizeBytes];
            if (!reader.TryReadFrame(bgrx, out VideoFrameInfo info, cancellationToken))
            {
                break;
            }

            frames.Add(new DecodedFrame(bgrx, info.PtsNs, info.Faces));
            progress?.Report(frames.Count);
        }

        return new DecodedVideo(reader.Width, reader.Height, reader.Fps, frames);
    }
}
