using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;
using StreamLip.Server.Transport;

namespace StreamLip.Server.Sessions;

/// <summary>
/// WebRTC viewers of running sessions: each is a send-only peer added to the session as an output, so it gets the same
/// frames and audio as the session's own peer (if any). A viewer that fails (ICE lost, page closed without saying so)
/// is dropped by the session; one that leaves says so with <see cref="Remove"/>. Thread-safe.
/// </summary>
internal sealed class ViewerManager(
    EngineHost engine,
    SessionManager sessions,
    ISessionTransportFactory transports,
    IOptions<ServerOptions> options,
    ILogger<ViewerManager> logger)
{
    private readonly ConcurrentDictionary<string, Viewer> _viewers = new(StringComparer.Ordinal);

    /// <summary>Opens a viewer of <paramref name="sessionId"/> for <paramref name="offerSdp"/>; null when no such session runs.</summary>
    /// <exception cref="SignallingException">Bad offer (400/413), or the session has its viewer limit (429).</exception>
    /// <exception cref="TransportUnavailableException">No peer can be made.</exception>
    public async Task<StartedSession?> AddAsync(string sessionId, string? offerSdp, CancellationToken cancellationToken)
    {
        sessions.CheckOffer(offerSdp);
        var session = engine.Engine.Find(sessionId);
        if (session is null)
        {
            return null;
        }

        int max = options.Value.MaxViewersPerSession;
        if (_viewers.Values.Count(v => v.Session == session) >= max)
        {
            throw new SignallingException(StatusCodes.Status429TooManyRequests, $"Session '{sessionId}' has {max} viewers already (StreamLip:MaxViewersPerSession).");
        }

        var transport = transports.Create(new TransportRequest(session.Avatar.Width, session.Avatar.Height, LatencyBudget.Fps, ReceiveMicrophone: false, OfferSdp: offerSdp));
        string answer;
        try
        {
            answer = await transport.AcceptOfferAsync(offerSdp!, cancellationToken).ConfigureAwait(false);
            session.AddOutput(transport);
        }
        catch
        {
            transport.Dispose();
            throw;
        }

        var viewer = new Viewer(Guid.NewGuid().ToString("N"), session, transport);
        _viewers[viewer.Id] = viewer;
        transport.Failed += e =>
        {
            if (_viewers.TryRemove(viewer.Id, out _))
            {
                logger.ViewerDropped(sessionId, viewer.Id, e.Message);
            }
        };
        _ = session.Completion.ContinueWith(_ => _viewers.TryRemove(viewer.Id, out Viewer? _), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        logger.ViewerJoined(sessionId, viewer.Id, session.Outputs.Count, transport.VideoEncoding?.Codec ?? "?", transport.VideoEncoding?.Encoder ?? "?");
        return new StartedSession(viewer.Id, answer);
    }

    /// <summary>Closes a viewer; false when <paramref name="viewerId"/> does not watch <paramref name="sessionId"/>.</summary>
    public bool Remove(string sessionId, string viewerId)
    {
        if (!_viewers.TryGetValue(viewerId, out Viewer? viewer) || viewer.Session.Id != sessionId || !_viewers.TryRemove(viewerId, out _))
        {
            return false;
        }

        if (viewer.Session.RemoveOutput(viewer.Transport))
        {
            viewer.Transport.Dispose();
        }

        logger.ViewerLeft(sessionId, viewerId);
        return true;
    }

    /// <summary>Viewers of a session now.</summary>
    public int CountOf(string sessionId) => _viewers.Values.Count(v => v.Session.Id == sessionId);

    private sealed record Viewer(string Id, RealtimeSession Session, ISessionTransport Transport);
}
