using System.Runtime.InteropServices;
using StreamLip.Media.Native;
using StreamLip.Media.Pipelines;
using StreamLip.Media.WebRtc;

namespace StreamLip.Media.Tests.Outputs;

/// <summary>
/// Reads a stream back with GStreamer while it is pushed: a source (ending in a demuxer named
/// <c>d</c>) → H.264 and AAC decoders → appsinks; keeps every frame's PTS and bar position and the decoded audio.
/// </summary>
internal sealed class StreamReadBack : IDisposable
{
    private readonly GstPipeline _pipeline;
    private readonly AppSinkListener _video;
    private readonly AppSinkListener _audio;
    private readonly Lock _gate = new();
    private readonly List<(ulong PtsNs, int BarX)> _frames = [];
    private readonly List<float> _samples = [];
    private Exception? _error;

    public const int AudioRate = 16000;

    private StreamReadBack(string source, string videoPad, string audioPad)
    {
        _pipeline = GstPipeline.Parse(
            source +
            $" {videoPad} ! queue ! h264parse ! avdec_h264 ! videoconvert ! video/x-raw,format=BGRx ! appsink name=video_sink sync=false async=false" +
            $" {audioPad} ! queue ! aacparse ! avdec_aac ! audioconvert ! audioresample " +
            $"! audio/x-raw,format=F32LE,layout=interleaved,rate={AudioRate},channels=1 ! appsink name=audio_sink sync=false async=false");
        _video = AppSinkListener.Attach(_pipeline.GetElement("video_sink"), OnFrame, OnError);
        _audio = AppSinkListener.Attach(_pipeline.GetElement("audio_sink"), OnAudio, OnError);
        _pipeline.Play();
    }

    /// <summary>Plays an RTMP stream (nginx holds a player that comes before the publisher).</summary>
    public static StreamReadBack Rtmp(string url) => new($"rtmp2src location=\"{url}\" ! flvdemux name=d", "d.video", "d.audio");

    /// <summary>Listens for an SRT caller on <paramref name="port"/> (loopback) and demuxes its MPEG-TS.</summary>
    public static StreamReadBack SrtListener(int port) =>
        new($"srtsrc uri=\"srt://127.0.0.1:{port}?mode=listener\" ! queue ! tsdemux name=d ignore-pcr=true", "d.", "d."); // pads named by PID: link by caps; PTS as sent, not re-clocked from PCR

    public IReadOnlyList<(ulong PtsNs, int BarX)> Frames
    {
        get
        {
            lock (_gate)
            {
                return [.. _frames];
            }
        }
    }

    public float[] Audio
    {
        get
        {
            lock (_gate)
            {
                return [.. _samples];
            }
        }
    }

    public Exception? Error => _error;

    /// <summary>Errors already on the reader's bus (an unreadable stream) throw here.</summary>
    public void ThrowIfFailed()
    {
        _pipeline.DrainBus();
        if (_error is not null)
        {
            throw _error;
        }
    }

    public void Dispose()
    {
        _pipeline.TrySetState(GstState.Null);
        _video.Dispose();
        _audio.Dispose();
        _pipeline.Dispose();
    }

    private void OnFrame(ReadOnlySpan<byte> bgrx, ulong ptsNs)
    {
        int bar = OutputFeed.FindBar(bgrx);
        lock (_gate)
        {
            _frames.Add((ptsNs, bar));
        }
    }

    private void OnAudio(ReadOnlySpan<byte> data, ulong ptsNs)
    {
        ReadOnlySpan<float> s = MemoryMarshal.Cast<byte, float>(data);
        lock (_gate)
        {
            foreach (float v in s)
            {
                _samples.Add(v);
            }
        }
    }

    private void OnError(Exception e) => _error ??= e;
}
