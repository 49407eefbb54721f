using System.Runtime.InteropServices;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;
using StreamLip.Media.Video;

namespace StreamLip.Media.Outputs;

/// <summary>
/// What every output shares: a pipeline fed by a video appsrc (BGRx frames as they are, or converted to I420 into the
/// buffer: <see cref="OutputVideoFeed"/>) and a float audio appsrc, timestamps rebased so the
/// first frame is at 0, bounded non-blocking pushes (a push is dropped and counted when its appsrc already holds a
/// second of data), a bus watcher that turns the first ERROR into <see cref="Failed"/>, and an orderly end (EOS, wait).
/// </summary>
/// <remarks>
/// Threads: pushes come from one thread at a time (the session's pacer); <see cref="Failed"/> is raised once on a
/// thread-pool thread, never while <see cref="Finish"/> runs; <see cref="Finish"/> and <see cref="Dispose"/> come after
/// the last push. Per push: one native GstBuffer, nothing managed.
/// </remarks>
internal sealed class OutputPipeline : IDisposable
{
    private readonly GstPipeline _pipeline;
    private readonly GstObjectHandle _videoSource;
    private readonly GstObjectHandle? _audioSource;
    private readonly PipelineBusWatcher _watcher;
    private readonly Func<GStreamerPipelineException, Exception> _describe;
    private readonly int _frameBytes;
    private readonly I420Converter? _converter; // null: the BGRx is pushed as it is
    private readonly ulong _frameDurationNs;
    private readonly ulong _maxVideoBytes;
    private readonly ulong _maxAudioBytes;
    private readonly FailureEvent _failed = new();

    /// <summary>The session time of the first frame, in ticks; −1 until it comes. Audio before it is dropped.</summary>
    private long _baseTicks = -1;
    private int _audioRate = OutputLaunch.SessionAudioRate;
    private long _framesSent;
    private long _framesDropped;
    private long _audioDropped;
    private long _endTicks;
    private int _finishing;
    private int _disposed;

    private OutputPipeline(
        GstPipeline pipeline, int width, int height, int fps, OutputVideoFeed feed, bool audio, Func<GStreamerPipelineException, Exception> describe)
    {
        _pipeline = pipeline;
        _describe = describe;
        _frameBytes = width * height * 4;
        _converter = feed == OutputVideoFeed.I420 ? new I420Converter(width, height) : null;
        _frameDurationNs = GstLayout.Second / (ulong)fps;
        _maxVideoBytes = (ulong)fps * (ulong)(_converter?.Layout.Size ?? _frameBytes);
        _maxAudioBytes = OutputLaunch.SessionAudioRate * sizeof(float);
        _videoSource = pipeline.GetElement(OutputLaunch.VideoSource);
        _audioSource = audio ? pipeline.GetElement(OutputLaunch.AudioSource) : null;
        _watcher = new PipelineBusWatcher(pipeline, "StreamLip output bus");
        _ = _watcher.Ended.ContinueWith(
            static (t, state) => ((OutputPipeline)state!).OnEnded(t.Result), this, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>The pipeline failed (after <see cref="Start"/> returned); the exception comes from the owner's describer.</summary>
    /// <remarks>A handler added after the failure is called at once (on the thread pool).</remarks>
    public event Action<Exception>? Failed
    {
        add => _failed.Add(value);
        remove => _failed.Remove(value);
    }

    /// <summary>Frames handed to the encoder.</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Frames dropped because the encoder or the network was a second behind.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>Audio pushes dropped for the same reason.</summary>
    public long AudioChunksDropped => Interlocked.Read(ref _audioDropped);

    /// <summary>From the first frame's start to the last frame's end.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(Interlocked.Read(ref _endTicks));

    /// <summary>The error that ended the pipeline, if any (described).</summary>
    public Exception? Error => _watcher.Error is { } e ? _describe(e) : null;

    /// <summary>
    /// Builds <paramref name="launch"/>, lets <paramref name="configure"/> set properties (locations, URLs) and starts it.
    /// </summary>
    /// <exception cref="GStreamerPipelineException">The pipeline could not be built or started (already described
    /// through <paramref name="describe"/> when it is a start failure: the describer's exception is thrown instead).</exception>
    public static OutputPipeline Start(
        string launch,
        int width,
        int height,
        int fps,
        OutputVideoFeed feed,
        bool audio,
        Action<GstPipeline> configure,
        Func<GStreamerPipelineException, Exception> describe)
    {
        var pipeline = GstPipeline.Parse(launch);
        try
        {
            configure(pipeline);
            var output = new OutputPipeline(pipeline, width, height, fps, feed, audio, describe);
            try
            {
                pipeline.Play();
            }
            catch (GStreamerPipelineException e)
            {
                output._finishing = 1; // the caller gets the exception; no Failed on top
                output.Dispose();
                throw describe(e);
            }

            return output;
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }
    }

    /// <summary>Pushes one BGRx frame at session time <paramref name="pts"/> (rebased to the first frame), converted to I420
    /// first when the output is fed so.</summary>
    public unsafe void PushVideo(ReadOnlySpan<byte> bgrx, TimeSpan pts)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (bgrx.Length != _frameBytes)
        {
            throw new ArgumentException($"A frame must be {_frameBytes} bytes of BGRx; got {bgrx.Length}.", nameof(bgrx));
        }

        if (_baseTicks < 0)
        {
            _baseTicks = pts.Ticks;
        }

        long relative = pts.Ticks - _baseTicks;
        if (relative < 0 || _watcher.Ended.IsCompleted)
        {
            return; // before the first frame (cannot happen with one pacer), or failed: Failed reports it
        }

        if (Level(_videoSource) >= _maxVideoBytes)
        {
            Interlocked.Increment(ref _framesDropped);
            return;
        }

        if (_converter is null)
        {
            AppSourcePush.Push(_videoSource, bgrx, (ulong)relative * 100, _frameDurationNs);
        }
        else
        {
            AppSourcePush.PushI420(_videoSource, _converter, bgrx, (ulong)relative * 100, _frameDurationNs);
        }

        Interlocked.Increment(ref _framesSent);
        Interlocked.Exchange(ref _endTicks, relative + (long)(_frameDurationNs / 100));
    }

    /// <summary>Pushes mono float audio whose first sample is at session time <paramref name="pts"/>; audio before the
    /// first frame is dropped (trimmed when it straddles it).</summary>
    public void PushAudio(ReadOnlySpan<float> samples, int sampleRate, TimeSpan pts)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 48_000);
        if (_audioSource is null || _baseTicks < 0 || samples.IsEmpty || _watcher.Ended.IsCompleted)
        {
            return;
        }

        long relative = pts.Ticks - _baseTicks;
        if (relative < 0)
        {
            long skip = ((-relative * sampleRate) + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
            if (skip >= samples.Length)
            {
                return;
            }

            samples = samples[(int)skip..];
            relative += skip * TimeSpan.TicksPerSecond / sampleRate;
        }

        if (sampleRate != _audioRate)
        {
            // Only on a rate change: the caps string is allocated once per change, not per push.
            nint caps = Gst.gst_caps_from_string(OutputLaunch.AudioCaps(sampleRate));
            GstApp.gst_app_src_set_caps(_audioSource, caps);
            Gst.gst_mini_object_unref(caps);
            _audioRate = sampleRate;
        }

        if (Level(_audioSource) >= _maxAudioBytes)
        {
            Interlocked.Increment(ref _audioDropped);
            return;
        }

        ulong duration = Gst.gst_util_uint64_scale_int((ulong)samples.Length, (int)GstLayout.Second, sampleRate);
        AppSourcePush.Push(_audioSource, MemoryMarshal.AsBytes(samples), (ulong)relative * 100, duration);
    }

    /// <summary>
    /// Ends the streams and waits until the sink has taken everything (the muxer wrote its index, the server got the
    /// last packet), then stops the pipeline. After this the pipeline is disposed.
    /// </summary>
    /// <exception cref="TimeoutException">Not done within <paramref name="timeout"/>.</exception>
    /// <exception cref="Exception">The pipeline's error, described by the owner.</exception>
    public void Finish(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        Interlocked.Exchange(ref _finishing, 1);
        try
        {
            if (_watcher.Error is { } early)
            {
                throw _describe(early);
            }

            GstApp.gst_app_src_end_of_stream(_videoSource);
            if (_audioSource is not null)
            {
                GstApp.gst_app_src_end_of_stream(_audioSource);
            }

            if (!_watcher.Ended.Wait(timeout))
            {
                throw new TimeoutException($"The output did not finish within {timeout.TotalSeconds:0.#} s of its end of stream.");
            }

            if (_watcher.Error is { } error)
            {
                throw _describe(error);
            }
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>Stops the pipeline at once (NULL state) and frees it. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _finishing, 1);
        _watcher.Dispose();
        _pipeline.Dispose();
    }

    private static ulong Level(GstObjectHandle appsrc) => GObjectProperty.GetUInt64(appsrc, "current-level-bytes");

    private void OnEnded(GStreamerPipelineException? error)
    {
        if (error is null || Volatile.Read(ref _finishing) != 0)
        {
            return;
        }

        _failed.Raise(_describe(error));
    }
}
