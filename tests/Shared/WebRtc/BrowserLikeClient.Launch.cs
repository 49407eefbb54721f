using System.Globalization;
using StreamLip.Media.WebRtc;

namespace StreamLip.Tests.Shared.WebRtc;

/// <summary>The client's pipeline and what it offers: the only part that differs between the options.</summary>
internal sealed partial class BrowserLikeClient
{
    /// <summary>
    /// The microphone appsrc: timestamped at push (do-timestamp), like a capture device; leaky, so that a stalled encoder
    /// drops old speech (at most 1 s is queued) instead of blocking a feeder that serves every client.
    /// </summary>
    private const string MicrophoneAppSrc =
        "appsrc name=mic_src format=time is-live=true do-timestamp=true leaky-type=downstream max-time=1000000000 max-bytes=0";

    /// <summary>
    /// The launch line: webrtcbin, the microphone branch (none without a microphone) into it, and the receive branches
    /// its pads are linked to (<see cref="OnPadAdded"/>): video as <paramref name="options"/> asks, voice decoded to
    /// S16LE mono at <see cref="AudioRate"/> (what opusdec gives, resampled only if the server sends another rate).
    /// </summary>
    private static string Launch(BrowserLikeClientOptions options)
    {
        CultureInfo ci = CultureInfo.InvariantCulture;
        string encoder = options.Microphone switch
        {
            MicrophoneSource.None => "",
            MicrophoneSource.TestTone => string.Create(
                ci, $"audiotestsrc is-live=true wave=sine freq={options.ToneHz} volume=0.4 ! audioconvert ! audioresample ! opusenc ! "),
            MicrophoneSource.Pcm => string.Create(
                ci, $"{MicrophoneAppSrc} caps=\"audio/x-raw,format=F32LE,layout=interleaved,rate={AudioRate},channels=1\" ! audioconvert ! opusenc audio-type=voice ! "),
            MicrophoneSource.OpusPackets => $"{MicrophoneAppSrc} caps=\"{OpusPacketCaps}\" ! ",
            _ => throw new ArgumentOutOfRangeException(nameof(options), $"Unknown microphone source {options.Microphone}."),
        };
        string microphone = options.Microphone == MicrophoneSource.None
            ? ""
            : string.Create(ci, $"{encoder}rtpopuspay name=mic_pay pt={options.AudioPayloadType} ! webrtc. ");

        // One receive branch per offered codec; with two, both feed the sink through a funnel (only the answered one flows).
        string video = options.SecondCodec is { } second
            ? $"{VideoBranch(options, options.Codec)} ! video_in. {VideoBranch(options, second)} ! video_in. funnel name=video_in"
            : VideoBranch(options, options.Codec);

        return string.Create(
            ci,
            $"webrtcbin name=webrtc bundle-policy=max-bundle latency=100 {microphone}" +
            $"{video} ! appsink name=video_sink sync=false async=false " +
            $"rtpopusdepay name=audio_depay ! opusdec ! audioconvert ! audioresample " +
            $"! audio/x-raw,format=S16LE,layout=interleaved,rate={AudioRate},channels=1 ! appsink name=audio_sink sync=false async=false");
    }

    /// <summary>The depayloader that takes <paramref name="codec"/> from webrtcbin (<see cref="OnPadAdded"/> links it).</summary>
    private static string DepayloaderName(WebRtcVideoCodec codec) => codec == WebRtcVideoCodec.H264 ? "video_depay_h264" : "video_depay_vp8";

    /// <summary>The receive branch of <paramref name="codec"/>, from its depayloader to what <see cref="VideoHandling"/> asks.</summary>
    private static string VideoBranch(BrowserLikeClientOptions options, WebRtcVideoCodec codec)
    {
        (string depay, string decode) = codec == WebRtcVideoCodec.H264
            ? ($"rtph264depay name={DepayloaderName(codec)}", " ! h264parse ! avdec_h264")
            : ($"rtpvp8depay name={DepayloaderName(codec)}", " ! vp8dec");
        return options.Video switch
        {
            VideoHandling.DecodeToBgrx => $"{depay}{decode} ! videoconvert ! video/x-raw,format=BGRx",
            VideoHandling.Decode => depay + decode,
            VideoHandling.Depayload => depay,
            _ => throw new ArgumentOutOfRangeException(nameof(options), $"Unknown video handling {options.Video}."),
        };
    }

    /// <summary>
    /// The RTP caps the client offers for video: <see cref="BrowserLikeClientOptions.Codec"/>, then the second codec if
    /// any (H.264: constrained baseline, packetization mode 1 unless told otherwise, as Chromium).
    /// </summary>
    private static string VideoCaps(BrowserLikeClientOptions options) => options.SecondCodec is { } second
        ? $"{VideoCaps(options, options.Codec, options.VideoPayloadType)};{VideoCaps(options, second, options.SecondVideoPayloadType)}"
        : VideoCaps(options, options.Codec, options.VideoPayloadType);

    private static string VideoCaps(BrowserLikeClientOptions options, WebRtcVideoCodec codec, int payloadType) => codec == WebRtcVideoCodec.H264
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"application/x-rtp,media=video,encoding-name=H264,clock-rate=90000,payload={payloadType}," +
            $"packetization-mode=(string){options.H264PacketizationMode},profile-level-id=(string)42e01f,level-asymmetry-allowed=(string)1")
        : string.Create(
            CultureInfo.InvariantCulture, $"application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,payload={payloadType}");

    /// <summary>The RTP caps the client offers for Opus.</summary>
    private static string AudioCaps(BrowserLikeClientOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"application/x-rtp,media=audio,encoding-name=OPUS,clock-rate=48000,payload={options.AudioPayloadType}");
}
