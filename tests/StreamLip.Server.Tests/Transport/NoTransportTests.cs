using System.Net;

namespace StreamLip.Server.Tests.Transport;

[Collection(ServerCollection.Name)]
public sealed class NoTransportTests(AvatarFixture avatars)
{
    [Fact]
    public async Task The_real_webrtc_transport_refuses_an_offer_without_ice_credentials_with_a_400()
    {
        using var factory = new ServerFactory(avatars, fakeTransport: false);
        using var client = factory.CreateClient();

        // Sdp.Offer has media lines but no ICE ufrag/pwd or DTLS fingerprint: webrtcbin cannot answer it.
        var response = await Sdp.PostOfferAsync(client);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
