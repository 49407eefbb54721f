using StreamLip.Media.WebRtc;

namespace StreamLip.Media.Tests.WebRtc;

public sealed class SdpDescriptionTests
{
    [Fact]
    public void A_Chromium_shaped_offer_reads_as_two_bundled_sections_with_their_formats()
    {
        var offer = SdpDescription.Parse(ChromeLikeOffer.Text, "offer");

        Assert.True(offer.HasIceCredentials);
        Assert.True(offer.HasFingerprint);
        Assert.Equal(["audio", "video"], offer.Media.Select(m => m.Kind));
        SdpMedia audio = offer.Media[0];
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        Assert.Equal(111, audio.Formats[0].PayloadType);
        Assert.Equal("1", audio.Formats[0].Parameter("useinbandfec"));
        SdpMedia video = offer.Media[1];
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Equal(15, video.Formats.Count);
        Assert.Equal("42e01f", video.Formats.Single(f => f.PayloadType == 106).Parameter("profile-level-id"));
    }

    [Fact]
    public void A_bundle_only_section_with_port_0_is_active_and_a_plain_port_0_is_not()
    {
        string text = "v=0\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n" +
            "m=video 0 UDP/TLS/RTP/SAVPF 96\r\na=bundle-only\r\na=rtpmap:96 VP8/90000\r\n" +
            "m=video 0 UDP/TLS/RTP/SAVPF 97\r\na=rtpmap:97 VP8/90000\r\n";

        var sdp = SdpDescription.Parse(text, "offer");

        Assert.Equal([true, true, false], sdp.Media.Select(m => m.IsActive));
        Assert.Equal(1, sdp.FirstActive("video")!.Index);
    }

    [Fact]
    public void The_session_direction_applies_to_sections_without_their_own_and_LF_line_ends_are_read()
    {
        var sdp = SdpDescription.Parse("v=0\na=recvonly\nm=video 9 RTP/AVP 96\na=rtpmap:96 VP8/90000\n", "offer");

        Assert.Equal(SdpDirection.RecvOnly, sdp.Media[0].Direction);
    }

    [Theory]
    [InlineData("v=0\na=recvonly\nm=vIdeo 0 RTP/AVP 96\na=bundle-only\na=rtpmap:96 VP8/90000\na=fmtp", "line 6 is a malformed a=fmtp: 'a=fmtp'")] // found by SdpFuzzTests
    [InlineData("v=0\nm=video 9 RTP/AVP 96\na=rtpmap\n", "line 3 is a malformed a=rtpmap: 'a=rtpmap'")]
    public void An_rtpmap_or_fmtp_without_a_value_is_invalid_data(string text, string problem)
    {
        var e = Assert.Throws<InvalidDataException>(() => SdpDescription.Parse(text, "offer"));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}
