using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Avatars;
using StreamLip.Server.Hosting;
using StreamLip.Server.Hubs;
using StreamLip.Server.Options;
using StreamLip.Server.Security;
using StreamLip.Server.Transport;

namespace StreamLip.Server.Sessions;

/// <summary>
/// Signalling shared by the hub and the HTTP API: checks an offer, makes the transport, starts the engine session,
/// negotiates, and remembers which SignalR connection (if any) a session belongs to. Thread-safe.
/// </summary>
internal sealed class SessionManager(
    EngineHost engine,
    AvatarCatalog avatars,
    ISessionTransportFactory transports,
    IOptions<ServerOptions> options,
    IHubContext<StreamLipHub, IStreamLipClient> hub,
    SessionQuota quota,
    ILogger<SessionManager> logger)
{
    private readonly ConcurrentDictionary<string, string> _connectionOfSession = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _sessionOfConnection = new(StringComparer.Ordinal);

    /// <summary>Starts a session for <paramref name="offerSdp"/> and returns its answer.</summary>
    /// <param name="offerSdp">The client's offer.</param>
    /// <param name="avatar">Avatar name; null for the default.</param>
    /// <param name="connectionId">The SignalR connection it belongs to, or null (HTTP clients).</param>
    /// <param name="cancellationToken">Abandons the negotiation (the session is then stopped).</param>
    /// <param name="keyId">The caller's API key id (<see cref="Caller.KeyOf"/>), counted against the per-key limit; null: not counted.</param>
    /// <exception cref="SignallingException">Empty or oversize offer (400, 413).</exception>
    /// <exception cref="AvatarNotFoundException">No such avatar.</exception>
    /// <exception cref="SessionLimitException">The server is full, or the key runs its most sessions.</exception>
    /// <param name="sessionId">The id to give it (a cluster names a session before placing it); null: a new one.</param>
    /// <exception cref="TransportUnavailableException">No transport can be made.</exception>
    public async Task<StartedSession> StartAsync(string? offerSdp, string? avatar, string? connectionId, CancellationToken cancellationToken, string? keyId = null, string? sessionId = null)
    {
        CheckOffer(offerSdp);
        var (name, loaded) = avatars.Get(avatar);
        quota.Acquire(keyId);
        RealtimeSession session;
        try
        {
            session = engine.Engine.StartSession(name, loaded, transports.Create(new TransportRequest(loaded.Width, loaded.Height, LatencyBudget.Fps, OfferSdp: offerSdp)), sessionId);
        }
        catch (Exception e)
        {
            quota.Release(keyId);
            if (e is SessionLimitException)
            {
                logger.SessionRefused(e.Message);
            }

            throw;
        }

        quota.ReleaseWhenDone(keyId, session);
        var transport = session.Transport!;

        session.Failed += OnFailed;
        if (connectionId is not null)
        {
            _connectionOfSession[session.Id] = connectionId;
            _sessionOfConnection[connectionId] = session.Id;
            transport.LocalCandidate += c => _ = hub.Clients.Client(connectionId).IceCandidate(c.Candidate, c.SdpMLineIndex);
        }

        _ = session.Completion.ContinueWith(_ => OnStopped(session), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        logger.SessionStarted(session.Id, name, engine.Engine.ActiveSessions, engine.Engine.Options.MaxSessions);
        if (transport.VideoEncoding is { } video)
        {
            logger.SessionVideo(session.Id, video.Codec, video.Encoder);
        }

        try
        {
            string answer = await transport.AcceptOfferAsync(offerSdp!, cancellationToken).ConfigureAwait(false);
            return new StartedSession(session.Id, answer);
        }
        catch (Exception e)
        {
            // A client's bad offer is its mistake, answered with a 4xx: a warning without a stack. Anything else is ours.
            if (SignallingErrors.IsClientError(e))
            {
                logger.OfferRefused(session.Id, e.Message);
            }
            else
            {
                logger.NegotiationFailed(session.Id, e);
            }

            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Adds a client ICE candidate; false when the session does not exist.</summary>
    public bool AddCandidate(string sessionId, IceCandidate candidate)
    {
        if (string.IsNullOrWhiteSpace(candidate.Candidate) || candidate.SdpMLineIndex < 0)
        {
            throw new SignallingException("A candidate needs a non-empty 'candidate' and an 'sdpMLineIndex' of 0 or more.");
        }

        var session = engine.Engine.Find(sessionId);
        session?.Transport?.AddRemoteCandidate(candidate);
        return session is not null;
    }

    /// <summary>True when session <paramref name="sessionId"/> runs on this node.</summary>
    public bool Runs(string sessionId) => engine.Engine.Find(sessionId) is not null;

    /// <summary>Sessions running on this node.</summary>
    public int RunningCount => engine.Engine.ActiveSessions;

    /// <summary>The session of a SignalR connection, if it has one.</summary>
    public string? SessionOf(string connectionId) => _sessionOfConnection.TryGetValue(connectionId, out string? id) ? id : null;

    /// <summary>Stops a session; false when it does not exist.</summary>
    public async Task<bool> StopAsync(string sessionId)
    {
        var session = engine.Engine.Find(sessionId);
        if (session is null)
        {
            return false;
        }

        await session.DisposeAsync().ConfigureAwait(false);
        quota.ReleaseSession(sessionId);
        return true;
    }

    /// <summary>Stops the session of a SignalR connection, if any (the page stopped or went away).</summary>
    public Task StopConnectionAsync(string connectionId) =>
        SessionOf(connectionId) is { } id ? StopAsync(id) : Task.CompletedTask;

    /// <summary>The running sessions that belong to SignalR connections.</summary>
    public IEnumerable<(string ConnectionId, RealtimeSession Session)> HubSessions()
    {
        foreach (var session in engine.Engine.Sessions)
        {
            if (_connectionOfSession.TryGetValue(session.Id, out string? connection))
            {
                yield return (connection, session);
            }
        }
    }

    /// <summary>Refuses an empty, oversize or non-SDP offer (400, 413).</summary>
    internal void CheckOffer(string? sdp)
    {
        if (string.IsNullOrWhiteSpace(sdp))
        {
            throw new SignallingException("The offer has no SDP ('sdp' is empty).");
        }

        int max = options.Value.WebRtc.MaxSdpBytes;
        int bytes = Encoding.UTF8.GetByteCount(sdp);
        if (bytes > max)
        {
            throw new SignallingException(StatusCodes.Status413PayloadTooLarge, $"The SDP offer is {bytes} bytes; at most {max} are accepted (StreamLip:WebRtc:MaxSdpBytes).");
        }

        if (!sdp.StartsWith("v=0", StringComparison.Ordinal))
        {
            throw new SignallingException("The offer is not SDP (it must start with 'v=0').");
        }
    }

    private void OnFailed(RealtimeSession session, Exception error)
    {
        logger.SessionFailed(session.Id, error);
        if (_connectionOfSession.TryGetValue(session.Id, out string? connection))
        {
            _ = hub.Clients.Client(connection).Error($"The session failed: {error.Message}");
        }
    }

    private void OnStopped(RealtimeSession session)
    {
        if (_connectionOfSession.TryRemove(session.Id, out string? connection))
        {
            _sessionOfConnection.TryRemove(KeyValuePair.Create(connection, session.Id));
        }

        var s = session.GetStats();
        logger.SessionStopped(s.Id, s.ElapsedSeconds, s.FramesSent, s.FramesGenerated, s.FramesLate, s.DelayP50Ms, s.DelayP95Ms);
    }
}
