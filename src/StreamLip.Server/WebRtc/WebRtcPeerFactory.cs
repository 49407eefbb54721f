using Microsoft.Extensions.Options;
using StreamLip.Media.WebRtc;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Options;
using StreamLip.Server.Transport;

namespace StreamLip.Server.WebRtc;

/// <summary>
/// Makes one <see cref="WebRtcPeer"/> per session (or viewer) from <see cref="WebRtcOptions"/>; under
/// <see cref="VideoCodec.Auto"/> the codec comes from the request's offer, since the encoder is built into the peer.
/// </summary>
internal sealed class WebRtcPeerFactory(IOptions<ServerOptions> options) : ISessionTransportFactory
{
    /// <summary>The codec a peer for <paramref name="request"/> sends under <paramref name="configured"/>.</summary>
    public static WebRtcVideoCodec CodecFor(VideoCodec configured, TransportRequest request) => configured switch
    {
        VideoCodec.Vp8 => WebRtcVideoCodec.Vp8,
        VideoCodec.H264 => WebRtcVideoCodec.H264,
        _ => WebRtcPeer.PreferredVideoCodec(request.OfferSdp),
    };

    public ISessionTransport Create(TransportRequest request)
    {
        var o = options.Value.WebRtc;
        WebRtcPeer peer;
        try
        {
            peer = WebRtcPeer.Create(new WebRtcPeerOptions
            {
                StunServers = [.. o.StunServers],
                TurnServer = o.TurnServer,
                Codec = CodecFor(o.VideoCodec, request),
                AllowHardwareEncoder = o.HardwareEncoder == HardwareEncoder.Auto,
                Width = request.Width,
                Height = request.Height,
                Fps = request.Fps,
                VideoBitrateKbps = o.VideoBitrateKbps,
                ReceiveMicrophone = request.ReceiveMicrophone,
                MaxSdpBytes = o.MaxSdpBytes,
                ReceiveLatencyMs = o.ReceiveLatencyMs,
            });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // GStreamer or one of its WebRTC plugins is missing or broken: every offer would fail the same way.
            throw new TransportUnavailableException($"Cannot make a WebRTC peer: {e.Message}", e);
        }

        return peer;
    }
}
