using StreamLip.Media.Pipelines;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Media.Outputs;

/// <summary>
/// Records a session to MP4 (H.264 + AAC, <c>mp4mux faststart</c>). The file is written as <c>&lt;path&gt;.partial</c>
/// in the same folder and renamed to <see cref="Path"/> only after a clean end of stream in <see cref="Complete()"/>; a
/// recording that fails, is aborted (disposed) or has no frame leaves no file behind.
/// </summary>
/// <remarks>
/// Pushes never block (a push is dropped and counted when the encoder is a second behind). Frames at session times are
/// rebased so the file starts at 0; gaps in the session (missed frames) stay gaps. Threads: as for every
/// <see cref="IMediaSink"/>; <see cref="Complete()"/> and <see cref="Dispose"/> after the last push.
/// </remarks>
public sealed class RecordingOutput : IMediaSink
{
    private readonly OutputPipeline _pipeline;
    private readonly bool _completeOnDispose;
    private readonly TimeSpan _completeTimeout;
    private readonly Lock _gate = new();
    private readonly FailureEvent _failed = new();
    private RecordingResult? _result;
    private bool _closed;

    /// <summary>Starts recording to <paramref name="options"/>' path.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="GStreamerElementMissingException">x264enc, an AAC encoder or mp4mux is missing.</exception>
    /// <exception cref="RecordingException">The file cannot be written (e.g. its folder does not exist).</exception>
    public RecordingOutput(RecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        EncodingOptions encoding = options.Encoding.Clone();
        Path = System.IO.Path.GetFullPath(options.Path);
        PartialPath = Path + ".partial";
        _completeOnDispose = options.CompleteOnDispose;
        _completeTimeout = TimeSpan.FromSeconds(options.CompleteTimeoutSeconds);
        string? folder = System.IO.Path.GetDirectoryName(Path);
        if (folder is null || !Directory.Exists(folder))
        {
            throw new RecordingException($"Cannot record to '{Path}': the folder does not exist.");
        }

        GStreamerRuntime.RequireElements("appsrc", "x264enc", "h264parse", "audioconvert", "audioresample", "aacparse", "queue", "mp4mux", "filesink");
        string launch = OutputLaunch.Video(encoding) + OutputLaunch.Audio(encoding, OutputLaunch.ChooseAacEncoder(), 48_000)
            + $"mp4mux name={OutputLaunch.Muxer} faststart=true ! filesink name={OutputLaunch.Sink}";
        string partial = PartialPath;
        try
        {
            _pipeline = OutputPipeline.Start(
                launch,
                encoding.Width,
                encoding.Height,
                encoding.Fps,
                OutputVideoFeed.I420,
                audio: true,
                p => GObjectProperty.Set(p.GetElement(OutputLaunch.Sink), "location", partial),
                Describe);
        }
        catch
        {
            DeletePartial();
            throw;
        }

        _pipeline.Failed += OnFailed;
    }

    /// <summary>The recording failed (the partial file is deleted before this is raised). A handler added after the
    /// failure is called at once on the thread pool.</summary>
    public event Action<Exception>? Failed
    {
        add => _failed.Add(value);
        remove => _failed.Remove(value);
    }

    /// <summary>The final path, which exists only after <see cref="Complete()"/>.</summary>
    public string Path { get; }

    /// <summary>Where the file is written until it is complete.</summary>
    public string PartialPath { get; }

    /// <summary>Recorded so far: first frame's start to last frame's end.</summary>
    public TimeSpan Duration => _result?.Duration ?? _pipeline.Duration;

    /// <summary>Frames handed to the encoder.</summary>
    public long FramesSent => _pipeline.FramesSent;

    /// <summary>Frames dropped because the encoder fell a second behind.</summary>
    public long FramesDropped => _pipeline.FramesDropped;

    /// <summary>The result once <see cref="Complete()"/> succeeded; null before.</summary>
    public RecordingResult? Result => _result;

    /// <inheritdoc />
    public void PushVideoFrame(ReadOnlySpan<byte> bgrx, TimeSpan pts) => _pipeline.PushVideo(bgrx, pts);

    /// <inheritdoc />
    public void PushAudio(ReadOnlySpan<float> samples, int sampleRate, TimeSpan pts) => _pipeline.PushAudio(samples, sampleRate, pts);

    /// <summary>
    /// Ends the recording: end of stream, waits for the muxer to write its index, closes the file and renames it to
    /// <see cref="Path"/> (replacing a file there). On any failure the partial file is deleted.
    /// </summary>
    /// <exception cref="InvalidOperationException">No frame was recorded (nothing is kept), or already closed.</exception>
    /// <exception cref="RecordingException">Encoding or writing failed.</exception>
    /// <exception cref="TimeoutException">The muxer did not finish within the timeout.</exception>
    public RecordingResult Complete() => Complete(_completeTimeout);

    /// <inheritdoc cref="Complete()"/>
    public RecordingResult Complete(TimeSpan timeout)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _closed = true;
            try
            {
                if (_pipeline.FramesSent == 0)
                {
                    throw new InvalidOperationException($"No frame was recorded for '{Path}'; nothing is kept.");
                }

                long frames = _pipeline.FramesSent;
                TimeSpan duration = _pipeline.Duration;
                _pipeline.Finish(timeout);
                File.Move(PartialPath, Path, overwrite: true);
                _result = new RecordingResult(Path, duration, frames);
                return _result;
            }
            catch
            {
                _pipeline.Dispose();
                DeletePartial();
                throw;
            }
        }
    }

    /// <summary>
    /// Stops recording. Without a completed recording the partial file is deleted, unless
    /// <see cref="RecordingOptions.CompleteOnDispose"/> asked to complete it (then a failure to complete still deletes it).
    /// </summary>
    public void Dispose()
    {
        bool complete;
        lock (_gate)
        {
            complete = !_closed && _completeOnDispose && _pipeline.FramesSent > 0 && _pipeline.Error is null;
        }

        if (complete)
        {
            try
            {
                Complete();
                return;
            }
            catch (Exception e) when (e is RecordingException or TimeoutException or InvalidOperationException or ObjectDisposedException)
            {
                // Complete deleted the partial file; a disposing caller has nobody to tell.
                return;
            }
        }

        lock (_gate)
        {
            _closed = true;
            _pipeline.Dispose();
            if (_result is null)
            {
                DeletePartial();
            }
        }
    }

    private void OnFailed(Exception error)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            // The watcher has set the pipeline to NULL (the file is closed); pushes until Dispose are ignored.
            _closed = true;
            DeletePartial();
        }

        _failed.Raise(error);
    }

    private void DeletePartial()
    {
        try
        {
            File.Delete(PartialPath);
        }
        catch (IOException)
        {
            // Still open elsewhere or gone: nothing more can be done here.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private RecordingException Describe(GStreamerPipelineException e) =>
        new($"Recording to '{Path}' failed: {e.ErrorMessage ?? e.Message}", e);
}
