using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Server.Transport;

/// <summary>
/// The factory registered until the WebRTC binding (StreamLip.Media.WebRtc) is wired in: every offer gets a clear 503.
/// See WebRtc/WebRtcPeerFactory.cs for the factory that replaces it.
/// </summary>
internal sealed class UnavailableTransportFactory : ISessionTransportFactory
{
    public ISessionTransport Create(TransportRequest request) =>
        throw new TransportUnavailableException("This build has no WebRTC transport yet (StreamLip.Media.WebRtc is not wired into the server).");
}
