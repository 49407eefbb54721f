using System.Globalization;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;
using StreamLip.Media.Video;

namespace StreamLip.Media.Muxing;

/// <summary>
/// Writes an MP4: BGRx frames → I420 (converted here, into the encoder's buffer) → x264 (veryfast) H.264, float PCM → AAC (avenc_aac, else voaacenc), muxed by
/// mp4mux with faststart. The file is written as <c>&lt;path&gt;.partial</c> and renamed to the final path by
/// <see cref="Complete"/>; a writer disposed without completing, or failing, deletes the partial file, so no
/// half-written file ever sits at the final path.
/// </summary>
/// <remarks>
/// Pushing is back-pressured: each appsrc blocks once it holds a few frames (or about a second of audio) that
/// the encoder has not taken. Encoded data queues without limit in front of the muxer (a few kB per frame),
/// so the caller may write all video first and all audio after, on one thread, without a deadlock.
/// Threads: video and audio may be written from two different threads, one each; <see cref="Complete"/>
/// and <see cref="Dispose"/> come after the last write. Nothing managed is allocated per frame.
/// <para>
/// Known offset: the AAC encoder puts 1024 priming samples (21.3 ms at 48 kHz) in front of the audio, and
/// mp4mux writes no edit list to hide them, so decoders (GStreamer's included, measured here) play the
/// sound 21.3 ms after its video frame. That is inside what viewers can notice (ITU-R BT.1359: audio late
/// by up to about 45 ms), but sync measurements on written files must allow for it.
/// </para>
/// </remarks>
public sealed class Mp4Writer : IDisposable
{
    /// <summary>The sample rate the AAC track is encoded at (what players expect).</summary>
    private const int AacSampleRate = 48_000;

    private readonly GstPipeline _pipeline;
    private readonly GstObjectHandle _videoSource;
    private readonly GstObjectHandle? _audioSource;
    private readonly PipelineBusWatcher _watcher;
    private readonly I420Converter _videoConverter;
    private readonly int _fps;
    private readonly int _audioRate;
    private readonly int _audioChannels;
    private bool _completed;
    private bool _disposed;

    /// <summary>Builds and starts the encoding pipeline for <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (named in the message).</exception>
    /// <exception cref="GStreamerElementMissingException">x264enc, an AAC encoder or mp4mux is not installed.</exception>
    /// <exception cref="IOException">The output cannot be opened (e.g. its folder does not exist).</exception>
    public Mp4Writer(string path, Mp4WriterOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Path = path;
        PartialPath = path + ".partial";
        _videoConverter = new I420Converter(options.Width, options.Height);
        _fps = options.Fps;
        _audioRate = options.AudioSampleRate;
        _audioChannels = options.AudioChannels;

        GStreamerRuntime.RequireElements("appsrc", "x264enc", "queue", "mp4mux", "filesink");
        string launch = BuildLaunch(options, _audioChannels > 0 ? ChooseAacEncoder() : null);
        _pipeline = GstPipeline.Parse(launch);
        try
        {
            _videoSource = _pipeline.GetElement("video");
            _audioSource = _audioChannels > 0 ? _pipeline.GetElement("audio") : null;
            GObjectProperty.Set(_pipeline.GetElement("out"), "location", PartialPath);
            _pipeline.Play();
        }
        catch (GStreamerPipelineException e)
        {
            _pipeline.Dispose();
            if (File.Exists(PartialPath))
            {
                File.Delete(PartialPath);
            }

            throw new IOException($"Cannot write '{path}': {e.ErrorMessage ?? e.Message}", e);
        }
        catch
        {
            _pipeline.Dispose();
            throw;
        }

        _watcher = new PipelineBusWatcher(_pipeline, "StreamLip Mp4Writer bus");
    }

    /// <summary>The final path, which exists only after <see cref="Complete"/>.</summary>
    public string Path { get; }

    /// <summary>Where the file is written until it is complete.</summary>
    public string PartialPath { get; }

    /// <summary>Video frames written so far.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Audio sample frames (samples per channel) written so far.</summary>
    public long AudioFramesWritten { get; private set; }

    /// <summary>
    /// Appends one frame: <c>Width × Height × 4</c> bytes of BGRx, rows packed. Its PTS is exactly
    /// <c>n / Fps</c> s and its duration the step to the next. Blocks while the encoder is behind.
    /// </summary>
    /// <exception cref="IOException">The pipeline failed (e.g. disk full); the message says why.</exception>
    public void WriteVideoFrame(ReadOnlySpan<byte> bgrx)
    {
        ThrowIfNotWritable();
        if (bgrx.Length != _videoConverter.BgrxBytes)
        {
            throw new ArgumentException($"A frame must be {_videoConverter.BgrxBytes} bytes of BGRx; got {bgrx.Length}.", nameof(bgrx));
        }

        ulong pts = Gst.gst_util_uint64_scale_int((ulong)FramesWritten, (int)GstLayout.Second, _fps);
        ulong next = Gst.gst_util_uint64_scale_int((ulong)FramesWritten + 1, (int)GstLayout.Second, _fps);
        Push(_videoSource, AppSourcePush.NewI420Buffer(_videoConverter, bgrx, pts, next - pts));

        FramesWritten++;
    }

    /// <summary>
    /// Appends interleaved float samples in [-1, 1] at the configured rate and channels; the PTS follows from
    /// the samples written before. Blocks while the encoder is behind.
    /// </summary>
    /// <exception cref="InvalidOperationException">The writer was made without audio (AudioChannels = 0).</exception>
    /// <exception cref="IOException">The pipeline failed; the message says why.</exception>
    public unsafe void WriteAudio(ReadOnlySpan<float> interleaved)
    {
        ThrowIfNotWritable();
        if (_audioSource is null)
        {
            throw new InvalidOperationException("This Mp4Writer has no audio track (AudioChannels = 0).");
        }

        if (interleaved.Length % _audioChannels != 0)
        {
            throw new ArgumentException($"The samples must be whole frames of {_audioChannels} channels.", nameof(interleaved));
        }

        if (interleaved.IsEmpty)
        {
            return;
        }

        long frames = interleaved.Length / _audioChannels;
        ulong pts = Gst.gst_util_uint64_scale_int((ulong)AudioFramesWritten, (int)GstLayout.Second, _audioRate);
        ulong end = Gst.gst_util_uint64_scale_int((ulong)(AudioFramesWritten + frames), (int)GstLayout.Second, _audioRate);
        fixed (float* samples = interleaved)
        {
            Push(_audioSource, samples, (nuint)(interleaved.Length * sizeof(float)), pts, end - pts);
        }

        AudioFramesWritten += frames;
    }

    /// <summary>
    /// Ends both streams, waits until the muxer has written everything, closes the file and renames it to
    /// <see cref="Path"/> (replacing a file there). On failure or cancellation the partial file is deleted.
    /// </summary>
    /// <remarks>Blocks until the muxer is done (milliseconds after the last write); the token bounds the wait.</remarks>
    /// <exception cref="InvalidOperationException">No video frame was written, or already completed.</exception>
    /// <exception cref="IOException">Encoding or writing failed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the partial file is deleted.</exception>
    public void Complete(CancellationToken cancellationToken = default)
    {
        ThrowIfNotWritable();
        if (FramesWritten == 0)
        {
            throw new InvalidOperationException($"No video frame was written to '{Path}'.");
        }

        _completed = true;
        try
        {
            // Checked first: once EOS is sent the muxer may finish before Wait looks at the token.
            cancellationToken.ThrowIfCancellationRequested();
            GstApp.gst_app_src_end_of_stream(_videoSource);
            if (_audioSource is not null)
            {
                GstApp.gst_app_src_end_of_stream(_audioSource);
            }

            _watcher.Ended.Wait(cancellationToken);
            if (_watcher.Error is { } error)
            {
                throw new IOException($"Writing '{Path}' failed: {error.Message}", error);
            }

            // NULL state closes the file; only then is it whole.
            _watcher.Dispose();
            _pipeline.Dispose();
            File.Move(PartialPath, Path, overwrite: true);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Stops the pipeline; without a successful <see cref="Complete"/> the partial file is deleted.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _completed = true;
        _watcher.Dispose();
        _pipeline.Dispose();
        if (File.Exists(PartialPath))
        {
            File.Delete(PartialPath);
        }
    }

    private static string ChooseAacEncoder()
    {
        if (GStreamerRuntime.HasElement("avenc_aac"))
        {
            return "avenc_aac";
        }

        if (GStreamerRuntime.HasElement("voaacenc"))
        {
            return "voaacenc";
        }

        throw new GStreamerElementMissingException("avenc_aac", ElementPackages.For("avenc_aac"));
    }

    private static string BuildLaunch(Mp4WriterOptions o, string? aacEncoder)
    {
        // The muxer interleaves, so it holds one stream while waiting for the other: unbounded queues of
        // encoded data in front of it keep the raw, bounded appsrcs from waiting on each other.
        const string Unbounded = "queue max-size-buffers=0 max-size-bytes=0 max-size-time=0";
        int i420Bytes = I420Layout.For(o.Width, o.Height).Size;
        string rate = o.VideoBitrateKbps is int kbps ? $"bitrate={kbps}" : $"pass=qual quantizer={o.Crf}";
        string video = string.Create(
            CultureInfo.InvariantCulture,
            $"appsrc name=video format=time block=true max-bytes={3 * i420Bytes} caps=\"{I420Converter.Caps(o.Width, o.Height, o.Fps)}\" ! x264enc speed-preset=veryfast key-int-max={o.KeyFrameInterval} {rate} ! {Unbounded} ! mux. ");
        string audio = aacEncoder is null ? "" : string.Create(
            CultureInfo.InvariantCulture,
            $"appsrc name=audio format=time block=true max-bytes={o.AudioSampleRate * o.AudioChannels * sizeof(float)} caps=\"audio/x-raw,format=F32LE,layout=interleaved,rate={o.AudioSampleRate},channels={o.AudioChannels}\" ! audioconvert ! audioresample ! audio/x-raw,rate={AacSampleRate} ! {aacEncoder} bitrate={o.AudioBitrate} ! {Unbounded} ! mux. ");
        return video + audio + "mp4mux name=mux faststart=true ! filesink name=out";
    }

    private unsafe void Push(GstObjectHandle source, void* data, nuint size, ulong pts, ulong duration)
    {
        nint buffer = Gst.gst_buffer_new_allocate(0, size, 0);
        if (buffer == 0)
        {
            throw new OutOfMemoryException($"GStreamer could not allocate a {size}-byte buffer.");
        }

        Gst.gst_buffer_fill(buffer, 0, data, size);
        GstLayout.SetTimestamps(buffer, pts, duration);
        Push(source, buffer);
    }

    /// <summary>Pushes a stamped buffer (the push takes it whatever it returns); a refusal is the pipeline's error.</summary>
    private void Push(GstObjectHandle source, nint buffer)
    {
        GstFlowReturn flow = GstApp.gst_app_src_push_buffer(source, buffer);
        if (flow != GstFlowReturn.Ok)
        {
            GStreamerPipelineException? error = _watcher.Error ?? WaitBrieflyForError();
            throw new IOException($"Writing '{Path}' failed: {error?.Message ?? $"the pipeline refused data ({flow})"}", error);
        }
    }

    /// <summary>A push fails as the watcher stops the pipeline; its error is set a moment before or after.</summary>
    private GStreamerPipelineException? WaitBrieflyForError() =>
        _watcher.Ended.Wait(TimeSpan.FromSeconds(1)) ? _watcher.Error : null;

    private void ThrowIfNotWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException($"'{Path}' is already complete.");
        }

        if (_watcher.Error is { } error)
        {
            throw new IOException($"Writing '{Path}' failed: {error.Message}", error);
        }
    }
}
