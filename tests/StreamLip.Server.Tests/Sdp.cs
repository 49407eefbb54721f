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
