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
    public void A_recvonly_audio_offer_is_a_session_without_microphone()
    {
        string text = ChromeLikeOffer.With("a=sendrecv", "a=recvonly");
        Assert.False(AnswerPlan.From(SdpDescription.Parse(text, "offer"), WebRtcVideoCodec.Vp8).MicrophoneOffered);
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
