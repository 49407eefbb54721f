using System.Globalization;
using StreamLip.Media.Video;

namespace StreamLip.Media.WebRtc;

/// <summary>
/// The launch description of a peer's pipeline and the names of its elements:
/// <code>
/// appsrc I420 (converted from BGRx by the peer) ─► vp8enc | x264enc | nvh264enc ─► rtpvp8pay | rtph264pay ─► webrtcbin
/// appsrc F32LE mono ─► audioconvert ─► audioresample ─► opusenc ─► rtpopuspay ─────────► webrtcbin
/// webrtcbin src (mic, linked on pad-added) ─► rtpopusdepay ─► opusdec ─► 16 kHz mono F32 ─► appsink
/// </code>
/// Both appsrcs are live, timestamped by the caller (do-timestamp=false) and leaky: when the pipeline falls behind
/// (or before the session is connected) the oldest queued data is dropped, never the caller blocked.
/// </summary>
internal static class PeerLaunch
{
    public const string WebRtc = "webrtc";

    /// <summary>The rtpbin webrtcbin makes inside itself (GStreamer names it so).</summary>
    public const string RtpBin = "rtpbin";
    public const string VideoSource = "video_src";
    public const string VideoPayloader = "video_pay";
    public const string AudioSource = "audio_src";
    public const string AudioPayloader = "audio_pay";
    public const string MicDepayloader = "mic_depay";
    public const string MicSink = "mic_sink";

    /// <summary>The audio caps the appsrc starts with, until the first push names its rate.</summary>
    public const int InitialAudioRate = 48_000;

    /// <summary>The rate of <see cref="WebRtcPeer.MicrophoneAudio"/>: what the mel front end takes.</summary>
    public const int MicrophoneRate = 16_000;

    /// <summary>The VP8 encoder (libvpx).</summary>
    public const string Vp8Encoder = "vp8enc";

    /// <summary>The H.264 encoder on the CPU (libx264).</summary>
    public const string X264Encoder = "x264enc";

    /// <summary>
    /// The H.264 encoder on an NVIDIA GPU (NVENC, GStreamer 1.22's nvcodec plugin), which is registered only where a
    /// CUDA driver with NVENC is found.
    /// </summary>
    public const string NvencH264Encoder = "nvh264enc";

    /// <summary>RTP packet size limit in bytes; below typical path MTUs once SRTP and TURN headers are added.</summary>
    private const int Mtu = 1200;

    /// <summary>
    /// The video encoder for <paramref name="options"/>: vp8enc for VP8; for H.264, nvh264enc when
    /// <see cref="WebRtcPeerOptions.AllowHardwareEncoder"/> is set and <paramref name="isRegistered"/> (GStreamer's
    /// registry, or a test's) has it, else x264enc.
    /// </summary>
    public static string VideoEncoder(WebRtcPeerOptions options, Func<string, bool> isRegistered) =>
        options.Codec != WebRtcVideoCodec.H264 ? Vp8Encoder
        : options.AllowHardwareEncoder && isRegistered(NvencH264Encoder) ? NvencH264Encoder
        : X264Encoder;

    /// <summary>The elements a peer needs for <paramref name="codec"/> sent by <paramref name="encoder"/>.</summary>
    public static string[] RequiredElements(WebRtcVideoCodec codec, string encoder) =>
    [
        "webrtcbin", "nicesrc", "nicesink", "dtlssrtpenc", "dtlssrtpdec", "appsrc", "appsink",
        "audioconvert", "audioresample", "opusenc", "opusdec", "rtpopuspay", "rtpopusdepay",
        encoder, codec == WebRtcVideoCodec.H264 ? "rtph264pay" : "rtpvp8pay",
    ];

    /// <summary>The caps a <see cref="WebRtcPeer.PushAudio"/> buffer of <paramref name="sampleRate"/> carries.</summary>
    public static string AudioCaps(int sampleRate) =>
        string.Create(CultureInfo.InvariantCulture, $"audio/x-raw,format=F32LE,layout=interleaved,rate={sampleRate},channels=1");

    /// <summary>
    /// The launch description for <paramref name="options"/> with <paramref name="encoder"/> (from
    /// <see cref="VideoEncoder"/>); STUN/TURN are set as properties afterwards.
    /// </summary>
    public static string Build(WebRtcPeerOptions options, string encoder)
    {
        var ci = CultureInfo.InvariantCulture;
        int keyframeDistance = 2 * options.Fps;
        string video = string.Create(
            ci,
            $"appsrc name={VideoSource} format=time is-live=true do-timestamp=false leaky-type=downstream " +
            $"max-buffers={options.Fps} max-bytes=0 " +
            $"caps=\"{I420Converter.Caps(options.Width, options.Height, options.Fps)}\" ! ");
        string h264Out = string.Create(
            ci,
            $"! video/x-h264,profile=constrained-baseline ! rtph264pay name={VideoPayloader} config-interval=-1 " +
            $"aggregate-mode=zero-latency mtu={Mtu} ! {WebRtc}. ");
        video += encoder switch
        {
            X264Encoder => string.Create(
                ci,
                $"x264enc tune=zerolatency speed-preset=ultrafast bitrate={options.VideoBitrateKbps} key-int-max={keyframeDistance} ") + h264Out,

            // GStreamer 1.22's nvh264enc (GstNvBaseEnc): the low-latency preset (low-latency-hp maps to the same NVENC
            // preset in 1.22), CBR in kbit/s, no reordering delay, an IDR every 2 s. B-frames stay at the default 0
            // (no reordering); the "bframes" property exists only on GPUs that can make them, so it is not set.
            // constrained-baseline caps select NVENC's baseline profile; I420 is among the system-memory formats it takes.
            NvencH264Encoder => string.Create(
                ci,
                $"nvh264enc preset=low-latency-hq rc-mode=cbr zerolatency=true bitrate={options.VideoBitrateKbps} gop-size={keyframeDistance} ") + h264Out,

            // cpu-used=16, libvpx's fastest real-time speed: 1.06 ms per 512 × 512 frame against 2.0 ms at 8 (the old
            // setting; 12 encodes the same as 8), for 42.9 against 45.7 dB luma PSNR at 1.5 Mb/s on the avatar's loop
            // (benchmarks/RESULTS.md, "Capacity: cheaper sessions").
            Vp8Encoder => string.Create(
                ci,
                $"vp8enc deadline=1 cpu-used=16 keyframe-max-dist={keyframeDistance} error-resilient=default end-usage=cbr " +
                $"target-bitrate={options.VideoBitrateKbps * 1000} lag-in-frames=0 " +
                $"! rtpvp8pay name={VideoPayloader} picture-id-mode=15-bit mtu={Mtu} ! {WebRtc}. "),
            _ => throw new ArgumentOutOfRangeException(nameof(encoder), encoder, "Not a video encoder of PeerLaunch."),
        };

        string audio = string.Create(
            ci,
            $"appsrc name={AudioSource} format=time is-live=true do-timestamp=false leaky-type=downstream " +
            $"max-time=1000000000 max-bytes=0 caps=\"{AudioCaps(InitialAudioRate)}\" " +
            $"! audioconvert ! audioresample ! opusenc audio-type=voice ! rtpopuspay name={AudioPayloader} mtu={Mtu} ! {WebRtc}. ");

        string microphone = options.ReceiveMicrophone
            ? string.Create(
                ci,
                $"rtpopusdepay name={MicDepayloader} ! opusdec plc=true ! audioconvert ! audioresample " +
                $"! audio/x-raw,format=F32LE,layout=interleaved,rate={MicrophoneRate},channels=1 " +
                $"! appsink name={MicSink} sync=false async=false max-buffers=100 drop=true")
            : "";

        return string.Create(ci, $"webrtcbin name={WebRtc} bundle-policy=max-bundle latency={options.ReceiveLatencyMs} ")
            + video + audio + microphone;
    }
}
