namespace StreamLip.Media.Tests.WebRtc;

/// <summary>
/// An offer shaped like Chromium's for <c>getUserMedia({audio})</c> + <c>addTransceiver('video', recvonly)</c>:
/// bundled, many audio and video codecs with RTX/RED/FEC, header extensions, and H.264 in four
/// profile/packetization variants. Written for these tests (credentials and fingerprint are made up), so ICE
/// never connects with it; it exercises parsing and answering only.
/// </summary>
internal static class ChromeLikeOffer
{
    private static readonly string[] Session =
    [
        "v=0",
        "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0 1",
        "a=extmap-allow-mixed",
        "a=msid-semantic: WMS stream0",
    ];

    private static readonly string[] Audio =
    [
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
        "c=IN IP4 0.0.0.0",
        "a=rtcp:9 IN IP4 0.0.0.0",
        "a=ice-ufrag:Tq1x",
        "a=ice-pwd:Xk2mV9pQw8Lr4Zt7Nb3Hc6Jd",
        "a=ice-options:trickle",
        "a=fingerprint:sha-256 4A:1F:9C:22:7B:E0:5D:83:C6:11:0E:A9:37:F4:6B:D2:58:0C:99:E1:2A:7F:43:B6:1D:C8:05:6E:92:3B:A7:F0",
        "a=setup:actpass",
        "a=mid:0",
        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
        "a=sendrecv",
        "a=msid:stream0 track0",
        "a=rtcp-mux",
        "a=rtpmap:111 opus/48000/2",
        "a=rtcp-fb:111 transport-cc",
        "a=fmtp:111 minptime=10;useinbandfec=1",
        "a=rtpmap:63 red/48000/2",
        "a=fmtp:63 111/111",
        "a=rtpmap:9 G722/8000",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:13 CN/8000",
        "a=rtpmap:110 telephone-event/48000",
        "a=rtpmap:126 telephone-event/8000",
        "a=ssrc:3735928559 cname:k3Vd9sQm1xYz",
        "a=ssrc:3735928559 msid:stream0 track0",
    ];

    private static readonly string[] Video =
    [
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97 98 99 102 103 104 105 106 107 108 109 45 114 116",
        "c=IN IP4 0.0.0.0",
        "a=rtcp:9 IN IP4 0.0.0.0",
        "a=ice-ufrag:Tq1x",
        "a=ice-pwd:Xk2mV9pQw8Lr4Zt7Nb3Hc6Jd",
        "a=ice-options:trickle",
        "a=fingerprint:sha-256 4A:1F:9C:22:7B:E0:5D:83:C6:11:0E:A9:37:F4:6B:D2:58:0C:99:E1:2A:7F:43:B6:1D:C8:05:6E:92:3B:A7:F0",
        "a=setup:actpass",
        "a=mid:1",
        "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset",
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
        "a=extmap:13 urn:3gpp:video-orientation",
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
        "a=recvonly",
        "a=rtcp-mux",
        "a=rtcp-rsize",
        "a=rtpmap:96 VP8/90000",
        "a=rtcp-fb:96 goog-remb",
        "a=rtcp-fb:96 transport-cc",
        "a=rtcp-fb:96 ccm fir",
        "a=rtcp-fb:96 nack",
        "a=rtcp-fb:96 nack pli",
        "a=rtpmap:97 rtx/90000",
        "a=fmtp:97 apt=96",
        "a=rtpmap:98 VP9/90000",
        "a=rtcp-fb:98 nack pli",
        "a=fmtp:98 profile-id=0",
        "a=rtpmap:99 rtx/90000",
        "a=fmtp:99 apt=98",
        "a=rtpmap:102 H264/90000",
        "a=rtcp-fb:102 nack pli",
        "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
        "a=rtpmap:103 rtx/90000",
        "a=fmtp:103 apt=102",
        "a=rtpmap:104 H264/90000",
        "a=rtcp-fb:104 nack pli",
        "a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f",
        "a=rtpmap:105 rtx/90000",
        "a=fmtp:105 apt=104",
        "a=rtpmap:106 H264/90000",
        "a=rtcp-fb:106 nack pli",
        "a=fmtp:106 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
        "a=rtpmap:107 rtx/90000",
        "a=fmtp:107 apt=106",
        "a=rtpmap:108 H264/90000",
        "a=rtcp-fb:108 nack pli",
        "a=fmtp:108 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f",
        "a=rtpmap:109 rtx/90000",
        "a=fmtp:109 apt=108",
        "a=rtpmap:45 AV1/90000",
        "a=rtpmap:114 red/90000",
        "a=rtpmap:116 ulpfec/90000",
    ];

    /// <summary>The whole offer (CRLF line ends, as browsers send).</summary>
    public static string Text => Join([.. Session, .. Audio, .. Video]);

    /// <summary>The offer without its video m-section.</summary>
    public static string WithoutVideo => Join([.. Session, .. Audio]);

    /// <summary>The offer without its audio m-section.</summary>
    public static string WithoutAudio => Join([.. Session, .. Video]);

    /// <summary>The offer with one line replaced by another (or removed when <paramref name="replacement"/> is null).</summary>
    public static string With(string line, string? replacement)
    {
        string[] all = [.. Session, .. Audio, .. Video];
        Assert.Contains(line, all);
        return Join(all.Where(l => l != line || replacement is not null).Select(l => l == line ? replacement! : l));
    }

    private static string Join(IEnumerable<string> lines) => string.Join("\r\n", lines) + "\r\n";
}
