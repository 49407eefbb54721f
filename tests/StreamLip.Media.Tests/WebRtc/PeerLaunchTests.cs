using StreamLip.Media.WebRtc;

namespace StreamLip.Media.Tests.WebRtc;

/// <summary>
/// The encoder choice and its launch line as pure functions of the options and of which elements GStreamer has: the
/// NVENC path is checked here on any machine (this project's test machines have no NVIDIA GPU, so no nvh264enc).
/// </summary>
public sealed class PeerLaunchTests
{
    private static readonly Func<string, bool> WithNvenc = e => e == PeerLaunch.NvencH264Encoder;
    private static readonly Func<string, bool> WithoutNvenc = _ => false;

    [Theory]
    [InlineData(WebRtcVideoCodec.H264, true, true, "nvh264enc")]
    [InlineData(WebRtcVideoCodec.H264, true, false, "x264enc")]
    [InlineData(WebRtcVideoCodec.H264, false, true, "x264enc")]
    [InlineData(WebRtcVideoCodec.Vp8, true, true, "vp8enc")]
    [InlineData(WebRtcVideoCodec.Vp8, false, false, "vp8enc")]
    public void H264_is_encoded_by_NVENC_only_where_it_is_registered_and_allowed(WebRtcVideoCodec codec, bool allow, bool registered, string expected)
    {
        var options = new WebRtcPeerOptions { Codec = codec, AllowHardwareEncoder = allow };

        string encoder = PeerLaunch.VideoEncoder(options, registered ? WithNvenc : WithoutNvenc);

        Assert.Equal(expected, encoder);
        Assert.Contains(expected, PeerLaunch.RequiredElements(codec, encoder));
        Assert.Contains(codec == WebRtcVideoCodec.H264 ? "rtph264pay" : "rtpvp8pay", PeerLaunch.RequiredElements(codec, encoder));
    }

    [Fact]
    public void The_NVENC_line_is_real_time_CBR_at_the_bitrate_with_a_2_s_GOP_and_constrained_baseline_out()
    {
        var options = new WebRtcPeerOptions { Codec = WebRtcVideoCodec.H264, VideoBitrateKbps = 1200, Fps = 25 };

        string launch = PeerLaunch.Build(options, PeerLaunch.VideoEncoder(options, WithNvenc));

        Assert.Contains(
            "format=I420,width=512,height=512,framerate=25/1,pixel-aspect-ratio=1/1,colorimetry=bt601,chroma-site=jpeg\" ! nvh264enc preset=low-latency-hq rc-mode=cbr zerolatency=true bitrate=1200 gop-size=50 " +
            "! video/x-h264,profile=constrained-baseline ! rtph264pay name=video_pay config-interval=-1 aggregate-mode=zero-latency",
            launch,
            StringComparison.Ordinal);
        Assert.DoesNotContain("x264enc", launch, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_NVENC_H264_keeps_x264_ultrafast_zerolatency()
    {
        var options = new WebRtcPeerOptions { Codec = WebRtcVideoCodec.H264, VideoBitrateKbps = 1200, Fps = 25 };

        string launch = PeerLaunch.Build(options, PeerLaunch.VideoEncoder(options, WithoutNvenc));

        Assert.Contains(
            "format=I420,width=512,height=512,framerate=25/1,pixel-aspect-ratio=1/1,colorimetry=bt601,chroma-site=jpeg\" ! x264enc tune=zerolatency speed-preset=ultrafast bitrate=1200 key-int-max=50 " +
            "! video/x-h264,profile=constrained-baseline ! rtph264pay name=video_pay",
            launch,
            StringComparison.Ordinal);
        Assert.DoesNotContain("nvh264enc", launch, StringComparison.Ordinal);
    }

    [Fact]
    public void VP8_keeps_vp8enc_at_its_fastest_real_time_speed()
    {
        string launch = PeerLaunch.Build(new WebRtcPeerOptions { VideoBitrateKbps = 1200 }, PeerLaunch.Vp8Encoder);

        Assert.Contains("! vp8enc deadline=1 cpu-used=16 keyframe-max-dist=50 error-resilient=default end-usage=cbr target-bitrate=1200000 lag-in-frames=0 ! rtpvp8pay", launch, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_encoder_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PeerLaunch.Build(new WebRtcPeerOptions(), "openh264enc"));
    }
}
