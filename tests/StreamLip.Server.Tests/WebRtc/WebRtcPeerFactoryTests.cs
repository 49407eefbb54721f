using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StreamLip.Media.WebRtc;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Options;
using StreamLip.Server.Tests.Sessions;
using StreamLip.Server.Transport;
using StreamLip.Server.WebRtc;

namespace StreamLip.Server.Tests.WebRtc;

/// <summary>
/// The codec each real peer sends: under <see cref="VideoCodec.Auto"/> (the default) chosen from its own offer before
/// the peer is built, otherwise the configured one, with the same 400s for offers that lack it as before.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class WebRtcPeerFactoryTests(AvatarFixture avatars)
{
    /// <summary>NVENC where GStreamer has it (an NVIDIA GPU with its driver; not on this project's test machines).</summary>
    private static string H264Encoder => GStreamerRuntimeHas("nvh264enc") ? "nvh264enc" : "x264enc";

    [Theory]
    [InlineData(VideoCodec.Auto, true, true, 1, WebRtcVideoCodec.H264)]
    [InlineData(VideoCodec.Auto, true, false, 1, WebRtcVideoCodec.Vp8)]
    [InlineData(VideoCodec.Auto, true, true, 0, WebRtcVideoCodec.Vp8)]
    [InlineData(VideoCodec.Auto, false, true, 1, WebRtcVideoCodec.H264)]
    [InlineData(VideoCodec.Vp8, true, true, 1, WebRtcVideoCodec.Vp8)]
    [InlineData(VideoCodec.H264, true, false, 1, WebRtcVideoCodec.H264)]
    public void The_codec_is_the_configured_one_or_under_Auto_the_offers(VideoCodec configured, bool vp8, bool h264, int mode, WebRtcVideoCodec expected)
    {
        var request = new TransportRequest(160, 120, 25, OfferSdp: Sdp.AnswerableOffer(vp8, h264, mode));

        Assert.Equal(expected, WebRtcPeerFactory.CodecFor(configured, request));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("v=0\r\ns=no media\r\n")]
    public void Auto_without_a_readable_offer_makes_a_VP8_peer_that_refuses_it_later(string? offer)
    {
        Assert.Equal(WebRtcVideoCodec.Vp8, WebRtcPeerFactory.CodecFor(VideoCodec.Auto, new TransportRequest(160, 120, 25, OfferSdp: offer)));
    }

    [Theory]
    [InlineData(VideoCodec.Auto, HardwareEncoder.Auto, true, "H264")]
    [InlineData(VideoCodec.Auto, HardwareEncoder.Off, true, "H264")]
    [InlineData(VideoCodec.Auto, HardwareEncoder.Auto, false, "VP8")]
    [InlineData(VideoCodec.Vp8, HardwareEncoder.Auto, true, "VP8")]
    public void The_factory_builds_the_peer_for_the_codec_and_encoder_it_chose(VideoCodec codec, HardwareEncoder hardware, bool offerH264, string expected)
    {
        var options = new ServerOptions { WebRtc = { VideoCodec = codec, HardwareEncoder = hardware } };
        var factory = new WebRtcPeerFactory(Microsoft.Extensions.Options.Options.Create(options));

        using ISessionTransport peer = factory.Create(new TransportRequest(160, 120, 25, OfferSdp: Sdp.AnswerableOffer(h264: offerH264)));

        string encoder = expected == "VP8" ? "vp8enc" : hardware == HardwareEncoder.Off ? "x264enc" : H264Encoder;
        Assert.Equal(new VideoEncoding(expected, encoder), peer.VideoEncoding);
    }

    [Fact]
    public async Task Under_Auto_a_session_answers_H264_to_an_H264_offer_and_says_so_in_its_stats_and_log()
    {
        using var server = new ServerFactory(avatars, fakeTransport: false);
        using var client = server.CreateClient();

        string answer = await StartAsync(client, Sdp.AnswerableOffer(vp8: true, h264: true), "H264", H264Encoder);

        Assert.Contains("a=rtpmap:102 H264/90000", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("VP8/90000", answer, StringComparison.Ordinal);
        Assert.Contains(server.Logs.Lines, l => l.Id.Id == 206 && l.Message.EndsWith($"sends H264 video, encoded by {H264Encoder}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Under_Auto_a_session_answers_VP8_to_an_offer_without_H264_packetization_mode_1()
    {
        using var server = new ServerFactory(avatars, fakeTransport: false);
        using var client = server.CreateClient();

        string answer = await StartAsync(client, Sdp.AnswerableOffer(vp8: true, h264: true, h264PacketizationMode: 0), "VP8", "vp8enc");

        Assert.Contains("a=rtpmap:96 VP8/90000", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("H264/90000", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("H264", true, false, 1, "has no H.264 packetization-mode=1 format (it offers VP8/90000); the server is configured to send H264")]
    [InlineData("Vp8", false, true, 1, "has no VP8 format (it offers H264/90000); the server is configured to send Vp8")]
    [InlineData("Auto", false, true, 0, "has no VP8 format (it offers H264/90000)")]
    public async Task A_codec_the_offer_lacks_is_a_400_that_says_so(string codec, bool vp8, bool h264, int mode, string reason)
    {
        using var server = new ServerFactory(avatars, new Dictionary<string, string?> { ["StreamLip:WebRtc:VideoCodec"] = codec }, fakeTransport: false);
        using var client = server.CreateClient();

        using var response = await Sdp.PostOfferAsync(client, Sdp.AnswerableOffer(vp8, h264, mode));

        await SignallingApiTests.AssertProblem(response, HttpStatusCode.BadRequest, reason);
    }

    private static async Task<string> StartAsync(HttpClient client, string offer, string codec, string encoder)
    {
        using var response = await Sdp.PostOfferAsync(client, offer);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        string id = body.GetProperty("sessionId").GetString()!;

        JsonElement session = (await client.GetFromJsonAsync<JsonElement>("/api/stats")).GetProperty("sessions")
            .EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);
        Assert.Equal((codec, encoder), (session.GetProperty("videoCodec").GetString(), session.GetProperty("videoEncoder").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/webrtc/{id}")).StatusCode);
        return body.GetProperty("answer").GetString()!;
    }

    private static bool GStreamerRuntimeHas(string element)
    {
        StreamLip.Media.GStreamerRuntime.EnsureInitialized();
        return StreamLip.Media.GStreamerRuntime.HasElement(element);
    }
}
