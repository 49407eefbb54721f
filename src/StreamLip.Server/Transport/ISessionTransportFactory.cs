using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Server.Transport;

/// <summary>Makes the media connection of each new session (WebRTC in production, a fake in tests).</summary>
public interface ISessionTransportFactory
{
    /// <summary>A new, unnegotiated transport; the caller owns it.</summary>
    /// <exception cref="TransportUnavailableException">No transport can be made here (say why).</exception>
    ISessionTransport Create(TransportRequest request);
}
