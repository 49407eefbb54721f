using System.Net.Http.Json;
using System.Text;

namespace StreamLip.Server.Tests;

/// <summary>Offers and requests for the signalling tests.</summary>
internal static class Sdp
{
    /// <summary>A small browser-like offer (audio sendrecv + video recvonly).</summary>
    public const string Offer = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
        + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendrecv\r\na=rtpmap:111 opus/48000/2\r\n"
        + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=recvonly\r\na=rtpmap:96 VP8/90000\r\n";

    /// <summary>
    /// A complete offer webrtcbin can answer (ICE credentials, a made-up DTLS fingerprint, bundled audio sendrecv and video
    /// recvonly) with VP8 at 96 and/or H.264 constrained baseline at 102 in <paramref name="h264PacketizationMode"/>; it
    /// has no candidates, so it never connects.
    /// </summary>
    public static string AnswerableOffer(bool vp8 = true, bool h264 = true, int h264PacketizationMode = 1)
    {
        const string Transport = "c=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\na=ice-ufrag:Tq1x\r\na=ice-pwd:Xk2mV9pQw8Lr4Zt7Nb3Hc6Jd\r\n"
            + "a=fingerprint:sha-256 4A:1F:9C:22:7B:E0:5D:83:C6:11:0E:A9:37:F4:6B:D2:58:0C:99:E1:2A:7F:43:B6:1D:C8:05:6E:92:3B:A7:F0\r\n"
            + "a=setup:actpass\r\na=rtcp-mux\r\n";
        string formats = string.Join(' ', new[] { vp8 ? "96" : null, h264 ? "102" : null }.OfType<string>());
        return "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" + Transport + "a=mid:0\r\na=sendrecv\r\na=rtpmap:111 opus/48000/2\r\n"
            + $"m=video 9 UDP/TLS/RTP/SAVPF {formats}\r\n" + Transport + "a=mid:1\r\na=recvonly\r\n"
            + (vp8 ? "a=rtpmap:96 VP8/90000\r\n" : "")
            + (h264 ? $"a=rtpmap:102 H264/90000\r\na=fmtp:102 level-asymmetry-allowed=1;packetization-mode={h264PacketizationMode};profile-level-id=42e01f\r\n" : "");
    }

    /// <summary>An offer of <paramref name="bytes"/> bytes (padded with attribute lines).</summary>
    public static string OfSize(int bytes)
    {
        var sb = new StringBuilder(Offer);
        while (sb.Length < bytes)
        {
            sb.Append("a=x-padding:0123456789abcdef0123456789abcdef\r\n");
        }

        return sb.ToString(0, bytes);
    }

    public static Task<HttpResponseMessage> PostOfferAsync(HttpClient client, string? sdp = Offer, string? avatar = null) =>
        client.PostAsJsonAsync("/api/webrtc/offer", new { sdp, avatar });
}
