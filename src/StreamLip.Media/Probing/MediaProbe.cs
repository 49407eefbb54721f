using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;
using StreamLip.Media.Video;

namespace StreamLip.Media.Probing;

/// <summary>
/// Measures a media file by decoding it (frames are counted, not taken from the container's header), for
/// tests and the CLI. Costs one full decode of each stream.
/// </summary>
public static class MediaProbe
{
    /// <summary>Decodes <paramref name="path"/>'s first video and first audio stream and reports what they hold.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Not a media file, no audio or video stream, or corrupt; names the file.</exception>
    public static MediaInfo Probe(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        MediaFileErrors.ThrowIfMissing(path);
        GStreamerRuntime.RequireElements("filesrc", "decodebin", "audioconvert", "appsink");

        VideoStreamInfo? video = Measure(path, "video", "video/x-raw", MeasureVideo, cancellationToken);
        AudioStreamInfo? audio = Measure(path, "audio", "audioconvert ! audio/x-raw,format=F32LE,layout=interleaved", MeasureAudio, cancellationToken);
        if (video is null && audio is null)
        {
            throw new InvalidDataException($"'{path}' has neither an audio nor a video stream.");
        }

        var duration = TimeSpan.FromTicks(Math.Max(video?.Duration.Ticks ?? 0, audio?.Duration.Ticks ?? 0));
        return new MediaInfo(duration, video, audio);
    }

    /// <summary>Decodes frame <paramref name="frameIndex"/> (0-based) of an image or video to BGRx (stride = width × 4).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The file has no such frame.</exception>
    public static byte[] ReadFrameBgrx(string path, int frameIndex, out int width, out int height, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        using var reader = VideoFrameReader.Open(
            path, new VideoDecodeOptions { MaxFrames = int.MaxValue }, cancellationToken);
        width = reader.Width;
        height = reader.Height;
        byte[] frame = new byte[reader.FrameSizeBytes];
        for (int i = 0; i <= frameIndex; i++)
        {
            if (!reader.TryReadFrame(frame, out _, cancellationToken))
            {
                throw new ArgumentOutOfRangeException(nameof(frameIndex), frameIndex, $"'{path}' has only {i} frames.");
            }
        }

        return frame;
    }

    /// <summary>Runs one decode branch; null when the file has no stream of that kind.</summary>
    private static T? Measure<T>(string path, string kind, string branch, Func<GstPipeline, GstObjectHandle, CancellationToken, T?> measure, CancellationToken cancellationToken)
        where T : class
    {
        using var pipeline = GstPipeline.Parse($"filesrc name=src ! decodebin ! {branch} ! appsink name=sink sync=false max-buffers=16");
        GObjectProperty.Set(pipeline.GetElement("src"), "location", path);
        GstObjectHandle sink = pipeline.GetElement("sink");
        try
        {
            pipeline.Play();
            return measure(pipeline, sink, cancellationToken);
        }
        catch (GStreamerPipelineException e) when (e.IsMissingStream)
        {
            return null;
        }
        catch (GStreamerPipelineException e)
        {
            throw MediaFileErrors.Translate(path, kind, e);
        }
    }

    private static VideoStreamInfo? MeasureVideo(GstPipeline pipeline, GstObjectHandle sink, CancellationToken cancellationToken)
    {
        int frames = 0, width = 0, height = 0;
        double fps = 0;
        ulong first = GstLayout.ClockTimeNone, end = 0;
        nint sample;
        while ((sample = pipeline.PullSample(sink, cancellationToken)) != 0)
        {
            try
            {
                if (frames == 0)
                {
                    nint s = Gst.gst_caps_get_structure(Gst.gst_sample_get_caps(sample), 0);
                    Gst.gst_structure_get_int(s, "width", out width);
                    Gst.gst_structure_get_int(s, "height", out height);
                    fps = Gst.gst_structure_get_fraction(s, "framerate", out int n, out int d) != 0 && d > 0 ? (double)n / d : 0;
                }

                (ulong start, ulong stop) = StreamTimes(sample, fps);
                first = Math.Min(first, start);
                end = Math.Max(end, stop);
                frames++;
            }
            finally
            {
                Gst.gst_mini_object_unref(sample);
            }
        }

        return frames == 0 ? null : new VideoStreamInfo(width, height, fps, frames, NsToTimeSpan(end > first ? end - first : 0));
    }

    private static AudioStreamInfo? MeasureAudio(GstPipeline pipeline, GstObjectHandle sink, CancellationToken cancellationToken)
    {
        int rate = 0, channels = 0;
        long bytes = 0;
        nint sample;
        while ((sample = pipeline.PullSample(sink, cancellationToken)) != 0)
        {
            try
            {
                if (rate == 0)
                {
                    nint s = Gst.gst_caps_get_structure(Gst.gst_sample_get_caps(sample), 0);
                    Gst.gst_structure_get_int(s, "rate", out rate);
                    Gst.gst_structure_get_int(s, "channels", out channels);
                }

                bytes += (long)Gst.gst_buffer_get_size(Gst.gst_sample_get_buffer(sample));
            }
            finally
            {
                Gst.gst_mini_object_unref(sample);
            }
        }

        if (rate == 0 || channels == 0)
        {
            return null;
        }

        long frames = bytes / (sizeof(float) * channels);
        return new AudioStreamInfo(rate, channels, frames, NsToTimeSpan((ulong)frames * GstLayout.Second / (ulong)rate));
    }

    /// <summary>A frame's start and end in stream time (ns); a frame without a duration lasts 1/fps (0 for a still).</summary>
    private static (ulong Start, ulong End) StreamTimes(nint sample, double fps)
    {
        nint buffer = Gst.gst_sample_get_buffer(sample);
        ulong pts = GstLayout.GetPts(buffer);
        if (pts == GstLayout.ClockTimeNone)
        {
            return (0, 0);
        }

        ulong start = Gst.gst_segment_to_stream_time(Gst.gst_sample_get_segment(sample), Gst.FormatTime, pts);
        ulong duration = GstLayout.GetDuration(buffer);
        if (duration == GstLayout.ClockTimeNone)
        {
            duration = fps > 0 ? (ulong)(GstLayout.Second / fps) : 0;
        }

        return start == GstLayout.ClockTimeNone ? (0, 0) : (start, start + duration);
    }

    private static TimeSpan NsToTimeSpan(ulong ns) => TimeSpan.FromTicks((long)(ns / 100));
}
