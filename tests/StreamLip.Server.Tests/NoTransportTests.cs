using System.Net;

namespace StreamLip.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class NoTransportTests(AvatarFixture avatars)
{
    [Fact]
    public async Task Until_webrtc_is_wired_offers_get_a_503_that_says_why()
    {
        using var factory = new ServerFactory(avatars, fakeTransport: false);
        using var client = factory.CreateClient();

        await SignallingApiTests.AssertProblem(await Sdp.PostOfferAsync(client), HttpStatusCode.ServiceUnavailable, "no WebRTC transport");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
