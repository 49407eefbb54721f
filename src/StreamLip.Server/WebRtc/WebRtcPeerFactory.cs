using Microsoft.Extensions.Options;
using StreamLip.Media.WebRtc;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Options;
using StreamLip.Server.Transport;

namespace StreamLip.Server.WebRtc;

/// <summary>Makes one <see cref="WebRtcPeer"/> per session from <see cref="WebRtcOptions"/>.</summary>
internal sealed class WebRtcPeerFactory(IOptions<ServerOptions> options) : ISessionTransportFactory
{
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
                Codec = o.VideoCodec == VideoCodec.H264 ? WebRtcVideoCodec.H264 : WebRtcVideoCodec.Vp8,
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
