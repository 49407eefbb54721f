using System.Globalization;
using StreamLip.Avatars;
using StreamLip.Media.Faces;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;

namespace StreamLip.Media.Video;

/// <summary>
/// Decodes an image or a video file frame by frame into caller-owned BGRx buffers
/// (<c>filesrc ! decodebin ! videoconvert [! facedetect ! videoconvert] ! BGRx ! appsink</c>), optionally
/// with the faces of each frame. Nothing is allocated per frame unless faces are detected.
/// Not thread-safe: one caller at a time.
/// </summary>
public sealed class VideoFrameReader : IDisposable
{
    private readonly GstPipeline _pipeline;
    private readonly GstObjectHandle _sink;
    private readonly int _maxFrames;
    private readonly long _maxPixels;
    private readonly DecodeGuard _guard;
    private readonly Queue<(ulong Pts, FaceBox[] Faces)>? _faceResults;
    private readonly Action<nint>? _onElementMessage;
    private nint _pendingSample;
    private nint _currentCaps;
    private bool _ended;
    private bool _disposed;

    private VideoFrameReader(string path, GstPipeline pipeline, VideoDecodeOptions options)
    {
        Path = path;
        _pipeline = pipeline;
        _maxFrames = options.MaxFrames;
        _maxPixels = options.MaxPixels;
        DetectsFaces = options.DetectFaces;
        GObjectProperty.Set(pipeline.GetElement("src"), "location", path);
        _guard = DecodeGuard.ForVideo(pipeline.GetElement("dec"), path, _maxPixels);
        _sink = pipeline.GetElement("sink");
        if (DetectsFaces)
        {
            _faceResults = new Queue<(ulong, FaceBox[])>();
            _onElementMessage = OnElementMessage;
        }
    }

    /// <summary>The file being read.</summary>
    public string Path { get; }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; private set; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; private set; }

    /// <summary>Frames per second the file declares; 0 for a still image or a variable frame rate.</summary>
    public double Fps { get; private set; }

    /// <summary>Bytes of one BGRx frame: <see cref="Width"/> × <see cref="Height"/> × 4.</summary>
    public int FrameSizeBytes => Width * Height * 4;

    /// <summary>Whether frames come with faces.</summary>
    public bool DetectsFaces { get; }

    /// <summary>Frames returned so far.</summary>
    public int FramesRead { get; private set; }

    /// <summary>Opens <paramref name="path"/> and decodes up to its first frame, so the size is known.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Not an image or video GStreamer can read, no video stream, or corrupt; names the file.</exception>
    /// <exception cref="GStreamerUnavailableException">GStreamer, an element (facedetect...) or the face cascades are missing.</exception>
    public static VideoFrameReader Open(string path, VideoDecodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new VideoDecodeOptions();
        options.Validate();
        MediaFileErrors.ThrowIfMissing(path);
        GStreamerRuntime.RequireElements("filesrc", "decodebin", "videoconvert", "appsink");

        // facedetect takes RGB; the converter in front of it negotiates that, the one after it gives BGRx.
        string detect = options.DetectFaces ? $"{FaceDetectElement.Fragment(options.MinFaceSize)} ! videoconvert ! " : "";
        string launch = string.Create(
            CultureInfo.InvariantCulture,
            $"filesrc name=src ! decodebin name=dec ! videoconvert ! {detect}video/x-raw,format=BGRx ! appsink name=sink sync=false max-buffers=4");
        GstPipeline pipeline = options.DetectFaces ? FaceDetectElement.ParsePipeline(launch) : GstPipeline.Parse(launch);
        VideoFrameReader? reader = null;
        try
        {
            reader = new VideoFrameReader(path, pipeline, options);
            reader.Start(cancellationToken);
            return reader;
        }
        catch
        {
            if (reader is null)
            {
                pipeline.Dispose();
            }
            else
            {
                reader.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Copies the next frame into <paramref name="bgrx"/> (at least <see cref="FrameSizeBytes"/> long).
    /// Returns false at the end of the file.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is corrupt, or has more than MaxFrames frames.</exception>
    public bool TryReadFrame(Span<byte> bgrx, out VideoFrameInfo info, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (bgrx.Length < FrameSizeBytes)
        {
            throw new ArgumentException($"The destination holds {bgrx.Length} bytes; a frame needs {FrameSizeBytes}.", nameof(bgrx));
        }

        info = default;
        if (_ended)
        {
            return false;
        }

        nint sample = _pendingSample;
        _pendingSample = 0;
        if (sample == 0)
        {
            sample = Pull(cancellationToken);
            if (sample == 0)
            {
                _ended = true;
                return false;
            }
        }

        try
        {
            if (FramesRead >= _maxFrames)
            {
                throw new InvalidDataException($"'{Path}' has more than {_maxFrames} frames; {FramesLimit}");
            }

            info = Copy(sample, bgrx);
            FramesRead++;
            return true;
        }
        finally
        {
            Gst.gst_mini_object_unref(sample);
        }
    }

    /// <summary>Stops the pipeline and releases it; frames already copied stay valid.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_pendingSample != 0)
        {
            Gst.gst_mini_object_unref(_pendingSample);
            _pendingSample = 0;
        }

        _guard.Dispose();
        _pipeline.Dispose();
    }

    private void Start(CancellationToken cancellationToken)
    {
        try
        {
            _pipeline.Play();
        }
        catch (GStreamerPipelineException e)
        {
            throw Translate(e);
        }

        _pendingSample = Pull(cancellationToken);
        if (_pendingSample == 0)
        {
            // A refused stream can end in EOS rather than an error when its pad is left unlinked.
            throw new InvalidDataException(_guard.Refusal ?? $"'{Path}' has a video stream but no frames.");
        }

        ReadCaps(Gst.gst_sample_get_caps(_pendingSample));

        // The container's length (an MP4's or WebM's header) tells a clip well over the frame budget before it is decoded;
        // the margin allows for a longer audio track. Reading stops at the budget regardless.
        if (Fps > 0 && _pipeline.QueryDuration() is { } duration && duration.TotalSeconds * Fps > (_maxFrames * 1.05) + Fps)
        {
            double frames = Math.Floor(duration.TotalSeconds * Fps);
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"'{Path}' declares {duration.TotalSeconds:0.##} s at {Fps:0.##} fps (about {frames} frames); {FramesLimit}"));
        }
    }

    /// <summary>What the frame budget is and where it is set.</summary>
    private string FramesLimit => string.Create(CultureInfo.InvariantCulture,
        $"at most {_maxFrames} frames are accepted (the MaxFrames setting: avatar build --max-frames, AvatarCreator:MaxFrames in the server). Shorten the clip or raise the limit.");

    /// <summary>A budget the guard refused the stream for, else what GStreamer's error means for this file.</summary>
    private Exception Translate(GStreamerPipelineException error) =>
        _guard.Refusal is { } refusal ? new InvalidDataException(refusal, error) : MediaFileErrors.Translate(Path, "video", error);

    private nint Pull(CancellationToken cancellationToken)
    {
        try
        {
            return _pipeline.PullSample(_sink, cancellationToken, _onElementMessage);
        }
        catch (GStreamerPipelineException e)
        {
            throw Translate(e);
        }
    }

    private void ReadCaps(nint caps)
    {
        nint structure = caps == 0 ? 0 : Gst.gst_caps_get_structure(caps, 0);
        if (structure == 0 || Gst.gst_structure_get_int(structure, "width", out int width) == 0
            || Gst.gst_structure_get_int(structure, "height", out int height) == 0)
        {
            throw new InvalidDataException($"'{Path}': the decoder gave frames without a size.");
        }

        if ((long)width * height > _maxPixels)
        {
            // A decoder whose input stated no size (a guard for what the header check cannot see).
            throw new InvalidDataException(DecodeGuard.FrameTooLarge(Path, width, height, _maxPixels));
        }

        if (_currentCaps != 0 && (width != Width || height != Height))
        {
            throw new InvalidDataException(
                $"'{Path}' changes frame size from {Width}×{Height} to {width}×{height} mid-stream, which is not supported.");
        }

        Width = width;
        Height = height;
        Fps = Gst.gst_structure_get_fraction(structure, "framerate", out int numerator, out int denominator) != 0 && denominator > 0
            ? (double)numerator / denominator
            : 0;
        _currentCaps = caps;
    }

    private unsafe VideoFrameInfo Copy(nint sample, Span<byte> bgrx)
    {
        nint caps = Gst.gst_sample_get_caps(sample);
        if (caps != _currentCaps)
        {
            ReadCaps(caps);
        }

        nint buffer = Gst.gst_sample_get_buffer(sample);
        nuint size = Gst.gst_buffer_get_size(buffer);
        if (size != (nuint)FrameSizeBytes)
        {
            // BGRx rows are 4-byte aligned, so videoconvert's buffers are packed; anything else is unexpected.
            throw new InvalidDataException($"'{Path}': a {Width}×{Height} BGRx frame came as {size} bytes, not {FrameSizeBytes}.");
        }

        fixed (byte* destination = bgrx)
        {
            Gst.gst_buffer_extract(buffer, 0, destination, size);
        }

        ulong pts = GstLayout.GetPts(buffer);
        ulong streamTime = pts == GstLayout.ClockTimeNone
            ? GstLayout.ClockTimeNone
            : Gst.gst_segment_to_stream_time(Gst.gst_sample_get_segment(sample), Gst.FormatTime, pts);
        long ptsNs = streamTime == GstLayout.ClockTimeNone ? -1 : (long)streamTime;
        return new VideoFrameInfo(FramesRead, ptsNs, DetectsFaces ? TakeFaces(pts) : null);
    }

    /// <summary>
    /// facedetect posts its message before it pushes the buffer on, so the result for a pulled frame is
    /// already queued; results are in frame order and carry the buffer's PTS ("timestamp").
    /// </summary>
    private FaceBox[] TakeFaces(ulong pts)
    {
        while (_faceResults!.TryDequeue(out (ulong Pts, FaceBox[] Faces) result))
        {
            if (result.Pts == pts)
            {
                return result.Faces;
            }
        }

        throw new InvalidOperationException($"'{Path}': facedetect posted no result for frame {FramesRead} (PTS {pts} ns).");
    }

    private void OnElementMessage(nint message)
    {
        if (FaceDetectElement.TryRead(message, out ulong pts, out FaceBox[] faces))
        {
            _faceResults!.Enqueue((pts, faces));
        }
    }
}
