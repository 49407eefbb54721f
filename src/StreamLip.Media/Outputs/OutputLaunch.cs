using System.Globalization;
using StreamLip.Media.Video;

namespace StreamLip.Media.Outputs;

/// <summary>
/// The parts of an output's launch description:
/// <code>
/// appsrc I420 (converted from BGRx by the pusher) ─► x264enc ─► h264parse ─► queue ─► mux.
/// appsrc F32LE mono 16 kHz ─► audioconvert ─► audioresample ─► stereo ─► AAC ─► aacparse ─► queue ─► mux.
/// </code>
/// The appsrcs are not live: the muxer waits for both streams (no live-aggregator timeouts that would drop one), and
/// the caller's pushes, paced by the session, set the rate. They never block: <see cref="OutputPipeline"/> drops a push
/// when a source already holds a second of data.
/// </summary>
internal static class OutputLaunch
{
    public const string VideoSource = "video";
    public const string AudioSource = "audio";
    public const string Muxer = "mux";
    public const string Sink = "sink";

    /// <summary>The rate of the session's audio (what the appsrc's caps start with).</summary>
    public const int SessionAudioRate = 16_000;

    /// <summary>Encoded data held in front of the muxer while it waits for the other stream, ns (2 s).</summary>
    private const ulong MuxQueueNs = 2_000_000_000;

    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>Caps of the audio appsrc at <paramref name="rate"/> Hz.</summary>
    public static string AudioCaps(int rate) =>
        string.Create(Ci, $"audio/x-raw,format=F32LE,layout=interleaved,rate={rate},channels=1");

    /// <summary>The BGRx appsrc (ends with "! ", ready for the next element).</summary>
    public static string VideoSourceOf(int width, int height, int fps) => string.Create(
        Ci,
        $"appsrc name={VideoSource} format=time is-live=false do-timestamp=false block=false leaky-type=downstream " +
        $"max-bytes={(long)fps * width * height * 4} max-buffers=0 " +
        $"caps=\"video/x-raw,format=BGRx,width={width},height={height},framerate={fps}/1,pixel-aspect-ratio=1/1\" ! ");

    /// <summary>The I420 appsrc (<see cref="OutputVideoFeed.I420"/>; ends with "! ").</summary>
    public static string I420SourceOf(int width, int height, int fps) => string.Create(
        Ci,
        $"appsrc name={VideoSource} format=time is-live=false do-timestamp=false block=false leaky-type=downstream " +
        $"max-bytes={(long)fps * I420Layout.For(width, height).Size} max-buffers=0 caps=\"{I420Converter.Caps(width, height, fps)}\" ! ");

    /// <summary>I420 appsrc → H.264 → the muxer's request pad.</summary>
    public static string Video(EncodingOptions o) => I420SourceOf(o.Width, o.Height, o.Fps) + string.Create(
        Ci,
        $"x264enc tune=zerolatency speed-preset={o.SpeedPreset} bitrate={o.VideoBitrateKbps} " +
        $"key-int-max={o.KeyframeIntervalFrames} ! h264parse ! {MuxQueue} ! {Muxer}. ");

    /// <summary>Float mono appsrc → AAC stereo at <paramref name="aacRate"/> → the muxer's request pad.</summary>
    public static string Audio(EncodingOptions o, string aacEncoder, int aacRate) => string.Create(
        Ci,
        $"appsrc name={AudioSource} format=time is-live=false do-timestamp=false block=false leaky-type=downstream " +
        $"max-bytes={SessionAudioRate * sizeof(float)} max-buffers=0 caps=\"{AudioCaps(SessionAudioRate)}\" " +
        $"! audioconvert ! audioresample ! audio/x-raw,rate={aacRate},channels=2 ! {aacEncoder} bitrate={o.AudioBitrateKbps * 1000} " +
        $"! aacparse ! {MuxQueue} ! {Muxer}. ");

    /// <summary>The AAC encoder installed: avenc_aac (gstreamer1.0-libav), else voaacenc (-bad).</summary>
    /// <exception cref="GStreamerElementMissingException">Neither is installed.</exception>
    public static string ChooseAacEncoder()
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

    private static string MuxQueue => string.Create(Ci, $"queue max-size-buffers=0 max-size-bytes=0 max-size-time={MuxQueueNs}");
}
