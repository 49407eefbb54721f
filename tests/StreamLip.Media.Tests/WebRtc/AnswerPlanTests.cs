using StreamLip.Media.WebRtc;

namespace StreamLip.Media.Tests.WebRtc;

public sealed class AnswerPlanTests
{
    [Fact]
    public void VP8_and_Opus_payload_types_come_from_the_offer()
    {
        var plan = AnswerPlan.From(SdpDescription.Parse(ChromeLikeOffer.Text, "offer"), WebRtcVideoCodec.Vp8);

        Assert.Equal((96, 111, true, 2), (plan.VideoPayloadType, plan.AudioPayloadType, plan.MicrophoneOffered, plan.MediaCount));
        Assert.Equal("application/x-rtp,media=video,encoding-name=VP8,clock-rate=90000,payload=96", plan.VideoCaps(WebRtcVideoCodec.Vp8));
        Assert.Null(plan.H264ProfileLevelId);
        Assert.Equal("unchanged", plan.CompleteAnswer("unchanged"));
    }

    [Fact]
    public void H264_prefers_constrained_baseline_then_baseline_and_requires_packetization_mode_1()
    {
        var plan = AnswerPlan.From(SdpDescription.Parse(ChromeLikeOffer.Text, "offer"), WebRtcVideoCodec.H264);
        Assert.Equal((106, "42e01f"), (plan.VideoPayloadType, plan.H264ProfileLevelId));

        string withoutConstrained = ChromeLikeOffer.With(
            "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
            "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f");
        Assert.Equal(102, AnswerPlan.From(SdpDescription.Parse(withoutConstrained, "offer"), WebRtcVideoCodec.H264).VideoPayloadType);
    }

    [Fact]
    public void H264_prefers_a_baseline_family_format_to_a_main_or_high_one_listed_before_it()
    {
        // No 42e0.. or 4200..: a 42c0.. (constrained baseline, other flags) still wins over the high-profile format first in line.
        string offer = ChromeLikeOffer.Text
            .Replace("profile-level-id=42001f", "profile-level-id=64001f", StringComparison.Ordinal)
            .Replace("packetization-mode=1;profile-level-id=42e01f", "packetization-mode=1;profile-level-id=42c01f", StringComparison.Ordinal);

        var plan = AnswerPlan.From(SdpDescription.Parse(offer, "offer"), WebRtcVideoCodec.H264);

        Assert.Equal((106, "42c01f"), (plan.VideoPayloadType, plan.H264ProfileLevelId));
    }

    public static TheoryData<string, WebRtcVideoCodec> OffersAndTheirCodec => new()
    {
        // Chromium's offer: VP8 first, H.264 constrained baseline packetization-mode=1 at 106.
        { ChromeLikeOffer.Text, WebRtcVideoCodec.H264 },
        { WithoutH264Except(null), WebRtcVideoCodec.Vp8 },
        // H.264 only in packetization-mode 0 (single NAL units): rtph264pay's stream needs mode 1.
        { WithoutH264Except("a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f"), WebRtcVideoCodec.Vp8 },
        // Only a high-profile H.264 format: not of the baseline family.
        { WithoutH264Except("a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f").Replace("42001f", "64001f", StringComparison.Ordinal), WebRtcVideoCodec.Vp8 },
        // Packetization-mode 1 without profile-level-id: RFC 6184's default, baseline.
        { WithoutH264Except("a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f").Replace(";profile-level-id=42001f", "", StringComparison.Ordinal), WebRtcVideoCodec.H264 },
        // Unanswerable offers get VP8; answering them then fails with the reason, as with VP8 configured.
        { ChromeLikeOffer.WithoutVideo, WebRtcVideoCodec.Vp8 },
        { ChromeLikeOffer.With("m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 102 103 104 105 106 107 108 109 45 114 116", "m=video 0 UDP/TLS/RTP/SAVPF 96"), WebRtcVideoCodec.Vp8 },
    };

    [Theory]
    [MemberData(nameof(OffersAndTheirCodec))]
    public void The_preferred_codec_is_H264_for_a_baseline_packetization_mode_1_format_else_VP8(string offer, WebRtcVideoCodec expected)
    {
        Assert.Equal(expected, AnswerPlan.PreferredCodec(SdpDescription.Parse(offer, "offer")));
        Assert.Equal(expected, WebRtcPeer.PreferredVideoCodec(offer));
        if (expected == WebRtcVideoCodec.H264)
        {
            // What the offer decides, the answer can send.
            Assert.NotNull(AnswerPlan.From(SdpDescription.Parse(offer, "offer"), expected));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hello, I am not an SDP")]
    [InlineData("v=0\r\nm=video 9\r\n")]
    public void An_offer_that_cannot_be_read_prefers_VP8_and_leaves_the_error_to_the_answer(string? offer)
    {
        Assert.Equal(WebRtcVideoCodec.Vp8, WebRtcPeer.PreferredVideoCodec(offer));
    }

    [Fact]
    public void An_offer_longer_than_any_peer_accepts_is_not_read()
    {
        string huge = ChromeLikeOffer.Text + new string('a', 1024 * 1024);
        Assert.Equal(WebRtcVideoCodec.Vp8, WebRtcPeer.PreferredVideoCodec(huge));
    }

    [Fact]
    public void A_recvonly_audio_offer_is_a_session_without_microphone()
    {
        string text = ChromeLikeOffer.With("a=sendrecv", "a=recvonly");
        Assert.False(AnswerPlan.From(SdpDescription.Parse(text, "offer"), WebRtcVideoCodec.Vp8).MicrophoneOffered);
    }

    /// <summary>The Chrome-like offer with every H.264 format removed but the one whose fmtp line is <paramref name="keptFmtp"/>.</summary>
    private static string WithoutH264Except(string? keptFmtp)
    {
        string[] h264 = ["102", "104", "106", "108"];
        string offer = ChromeLikeOffer.Text;
        foreach (string pt in h264)
        {
            string fmtp = offer.Split("\r\n").Single(l => l.StartsWith($"a=fmtp:{pt} ", StringComparison.Ordinal));
            if (fmtp != keptFmtp)
            {
                offer = offer.Replace($"a=rtpmap:{pt} H264/90000\r\n", "", StringComparison.Ordinal).Replace(fmtp + "\r\n", "", StringComparison.Ordinal);
            }
        }

        return offer;
    }

    [Fact]
    public void The_H264_profile_level_id_is_restored_in_an_answer_that_lost_it()
    {
        var plan = new AnswerPlan(106, 111, true, 2, "42e01f");

        Assert.Equal(
            "m=video 9 X 106\r\na=rtpmap:106 H264/90000\r\na=fmtp:106 packetization-mode=1;profile-level-id=42e01f\r\n",
            plan.CompleteAnswer("m=video 9 X 106\r\na=rtpmap:106 H264/90000\r\na=fmtp:106 packetization-mode=1\r\n"));
        Assert.Equal(
            "m=video 9 X 106\r\na=rtpmap:106 H264/90000\r\na=fmtp:106 packetization-mode=1;profile-level-id=42e01f\r\n",
            plan.CompleteAnswer("m=video 9 X 106\r\na=rtpmap:106 H264/90000\r\n"));
    }

    [Fact]
    public void Both_sent_tracks_are_put_in_one_media_stream_so_the_browser_plays_them_in_sync()
    {
        var plan = new AnswerPlan(96, 111, true, 2, null);
        // What webrtcbin answers: no msid for the audio, an ssrc-level one of its own for the video.
        string answer = string.Join("\r\n",
            "v=0", "s=-", "a=group:BUNDLE 0 1",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:0", "a=rtpmap:111 OPUS/48000/2", "a=sendrecv",
            "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:1", "a=rtpmap:96 VP8/90000",
            "a=ssrc:2079027454 msid:user1008196017@host-af803a32 webrtctransceiver0", "a=ssrc:2079027454 cname:user1008196017@host-af803a32", "a=sendonly",
            "m=application 0 UDP/DTLS/SCTP webrtc-datachannel", "a=mid:2", "a=inactive", "");

        string completed = plan.CompleteAnswer(answer);

        Assert.Equal(
            string.Join("\r\n",
                "v=0", "s=-", "a=group:BUNDLE 0 1",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:0", "a=msid:streamlip streamlip-audio", "a=rtpmap:111 OPUS/48000/2", "a=sendrecv",
                "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:1", "a=msid:streamlip streamlip-video", "a=rtpmap:96 VP8/90000",
                "a=ssrc:2079027454 msid:streamlip streamlip-video", "a=ssrc:2079027454 cname:user1008196017@host-af803a32", "a=sendonly",
                "m=application 0 UDP/DTLS/SCTP webrtc-datachannel", "a=mid:2", "a=inactive", ""),
            completed);
        Assert.Equal(completed, plan.CompleteAnswer(completed));
    }

    [Fact]
    public void An_answer_without_enabled_video_is_refused_with_the_answer_in_the_message()
    {
        var plan = new AnswerPlan(96, 111, true, 2, null);
        string empty = "v=0\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 OPUS/48000/2\r\nm=video 0 UDP/TLS/RTP/SAVPF 0\r\n";

        var e = Assert.Throws<InvalidOperationException>(() => plan.CheckAnswer(empty));
        Assert.Contains("no enabled video m-line", e.Message, StringComparison.Ordinal);
        Assert.Contains("m=video 0", e.Message, StringComparison.Ordinal);
    }
}
