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
    private readonly GstPipeline pipeline;
    private readonly AppSinkListener video;
    private readonly AppSinkListener audio;
    private readonly Lock gate = new();
    private readonly List<(ulong PtsNs, int BarX)> frames = [];
    private readonly List<float> samples = [];
    private Exception? error;

    public const int AudioRate = 16000;

    private StreamReadBack(string source, string videoPad, string audioPad)
    {
        pipeline = GstPipeline.Parse(
            source +
            $" {videoPad} ! queue ! h264parse ! avdec_h264 ! videoconvert ! video/x-raw,format=BGRx ! appsink name=video_sink sync=false async=false" +
            $" {audioPad} ! queue ! aacparse ! avdec_aac ! audioconvert ! audioresample " +
            $"! audio/x-raw,format=F32LE,layout=interleaved,rate={AudioRate},channels=1 ! appsink name=audio_sink sync=false async=false");
        video = AppSinkListener.Attach(pipeline.GetElement("video_sink"), OnFrame, OnError);
        audio = AppSinkListener.Attach(pipeline.GetElement("audio_sink"), OnAudio, OnError);
        pipeline.Play();
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
            lock (gate)
            {
                return [.. frames];
            }
        }
    }

    public float[] Audio
    {
        get
        {
            lock (gate)
            {
                return [.. samples];
            }
        }
    }

    public Exception? Error => error;

    /// <summary>Errors already on the reader's bus (an unreadable stream) throw here.</summary>
    public void ThrowIfFailed()
    {
        pipeline.DrainBus();
        if (error is not null)
        {
            throw error;
        }
    }

    public void Dispose()
    {
        pipeline.TrySetState(GstState.Null);
        video.Dispose();
        audio.Dispose();
        pipeline.Dispose();
    }

    private void OnFrame(ReadOnlySpan<byte> bgrx, ulong ptsNs)
    {
        int bar = OutputFeed.FindBar(bgrx);
        lock (gate)
        {
            frames.Add((ptsNs, bar));
        }
    }

    private void OnAudio(ReadOnlySpan<byte> data, ulong ptsNs)
    {
        ReadOnlySpan<float> s = MemoryMarshal.Cast<byte, float>(data);
        lock (gate)
        {
            foreach (float v in s)
            {
                samples.Add(v);
            }
        }
    }

    private void OnError(Exception e) => error ??= e;
}
