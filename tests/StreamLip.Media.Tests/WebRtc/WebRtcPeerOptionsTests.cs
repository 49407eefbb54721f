using StreamLip.Media.WebRtc;

namespace StreamLip.Media.Tests.WebRtc;

public sealed class WebRtcPeerOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new WebRtcPeerOptions();
        options.Validate();
        Assert.Equal((WebRtcVideoCodec.Vp8, 25, 1500, true, 64 * 1024), (options.Codec, options.Fps, options.VideoBitrateKbps, options.ReceiveMicrophone, options.MaxSdpBytes));
        Assert.Empty(options.StunServers);
        Assert.True(options.AllowHardwareEncoder);
    }

    [Fact]
    public void Valid_servers_pass()
    {
        new WebRtcPeerOptions { StunServers = ["stun://stun.example.org:3478"], TurnServer = "turn://user:secret@turn.example.org:3478" }.Validate();
        new WebRtcPeerOptions { TurnServer = "turns://user:secret@192.0.2.7:5349" }.Validate();
    }

    public static TheoryData<WebRtcPeerOptions, string> Invalid => new()
    {
        { new() { Width = 0 }, "Width must be an even number" },
        { new() { Height = 121 }, "Height must be an even number" },
        { new() { Width = 8192 }, "from 16 to 4096" },
        { new() { Fps = 0 }, "Fps must be from 1 to 120" },
        { new() { VideoBitrateKbps = 10 }, "VideoBitrateKbps must be from 50" },
        { new() { MaxSdpBytes = 100 }, "MaxSdpBytes must be from 1024" },
        { new() { ReceiveLatencyMs = -1 }, "ReceiveLatencyMs" },
        { new() { IceGatheringTimeout = TimeSpan.Zero }, "IceGatheringTimeout" },
        { new() { NegotiationTimeout = TimeSpan.FromMinutes(5) }, "NegotiationTimeout must be from 1 to 60 s" },
        { new() { Codec = (WebRtcVideoCodec)7 }, "Codec 7" },
        { new() { StunServers = ["stun.example.org:3478"] }, "stun://host:port" },
        { new() { StunServers = ["stun://stun.example.org"] }, "stun://host:port" },
        { new() { StunServers = ["stun://a.example:1", "stun://b.example:2"] }, "single STUN server" },
        { new() { TurnServer = "turn://turn.example.org:3478" }, "turn://user:password@host:port" },
        { new() { TurnServer = "http://user:pw@turn.example.org:3478" }, "turn://user:password@host:port" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_setting_is_named_in_the_error(WebRtcPeerOptions options, string expected)
    {
        var e = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_TURN_password_is_not_repeated_in_the_error()
    {
        var e = Assert.Throws<ArgumentException>(new WebRtcPeerOptions { TurnServer = "turn://user:hunter2@turn.example.org" }.Validate);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_validates_the_options()
    {
        Assert.Throws<ArgumentException>(() => WebRtcPeer.Create(new WebRtcPeerOptions { Fps = 500 }));
        Assert.Throws<ArgumentNullException>(() => WebRtcPeer.Create(null!));
    }
}
