using System.Collections.Concurrent;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Transport;

namespace StreamLip.Server.Tests;

/// <summary>Makes <see cref="FakeSessionTransport"/>s and keeps them for the test to inspect.</summary>
internal sealed class FakeTransportFactory : ISessionTransportFactory
{
    public ConcurrentQueue<FakeSessionTransport> Created { get; } = new();

    public TransportRequest? LastRequest { get; private set; }

    public ISessionTransport Create(TransportRequest request)
    {
        LastRequest = request;
        var transport = new FakeSessionTransport();
        Created.Enqueue(transport);
        return transport;
    }
}
