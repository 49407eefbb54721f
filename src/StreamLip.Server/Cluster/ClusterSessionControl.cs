using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Sessions;
using StreamLip.Server.Speech;

namespace StreamLip.Server.Cluster;

/// <summary>
/// <see cref="ISessionControl"/> of a cluster node, the front door of its callers: a start names a new session and calls
/// its grain, which placement puts on a node with a free slot (the session's media starts there; a node that turns
/// out full is skipped and the start placed again); every other call goes to the session's grain on its owner node.
/// Remote problems come back as <see cref="SpeechException"/>s with the owner's status, title and detail.
/// </summary>
internal sealed class ClusterSessionControl(IGrainFactory grains, ClusterView view, NodeIdentity node, IClusterMembershipService membership, ILogger<ClusterSessionControl> logger) : ISessionControl
{
    /// <summary>How long a control call may take before the owner counts as unreachable.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(20);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, (string SessionId, string Owner)> _ofConnection = new(StringComparer.Ordinal);

    public async Task<StartedSession> StartAsync(OfferStart start, CancellationToken cancellationToken)
    {
        var (id, reply) = await PlaceAsync(new StartCommand(start.Sdp, start.Avatar, start.ConnectionId, start.Conversation, start.KeyId, node.Silo)).ConfigureAwait(false);
        if (start.ConnectionId is not null)
        {
            _ofConnection[start.ConnectionId] = (id, reply.Owner!);
        }

        return new StartedSession(id, reply.Value!);
    }

    public async Task<CreateSessionResponse> StartPushedAsync(string? avatar, string? keyId)
    {
        var (_, reply) = await PlaceAsync(new StartCommand(null, avatar, null, false, keyId, node.Silo)).ConfigureAwait(false);
        return JsonSerializer.Deserialize<CreateSessionResponse>(reply.Value!, Json)!;
    }

    public async Task<bool> AddCandidateAsync(string sessionId, IceCandidate candidate)
    {
        if (string.IsNullOrWhiteSpace(candidate.Candidate) || candidate.SdpMLineIndex < 0)
        {
            throw new SignallingException("A candidate needs a non-empty 'candidate' and an 'sdpMLineIndex' of 0 or more.");
        }

        return Exists(await CallAsync(sessionId, g => g.AddCandidate(candidate.Candidate, candidate.SdpMLineIndex)).ConfigureAwait(false));
    }

    public async Task<bool> StopAsync(string sessionId) => Exists(await CallAsync(sessionId, g => g.Stop()).ConfigureAwait(false));

    public string? SessionOf(string connectionId) => _ofConnection.TryGetValue(connectionId, out var s) ? s.SessionId : null;

    public async Task StopConnectionAsync(string connectionId)
    {
        if (_ofConnection.TryRemove(connectionId, out var s))
        {
            await StopAsync(s.SessionId).ConfigureAwait(false);
        }
    }

    public async Task<SessionInfoResponse> InfoAsync(string sessionId) =>
        JsonSerializer.Deserialize<SessionInfoResponse>(Value(await CallAsync(sessionId, g => g.Info()).ConfigureAwait(false)), Json)!;

    public async Task<long> SpeakAsync(string sessionId, string? text, string? voice, int? rate, CancellationToken cancellationToken) =>
        long.Parse(Value(await CallAsync(sessionId, g => g.Speak(text, voice, rate)).ConfigureAwait(false)), CultureInfo.InvariantCulture);

    public async Task<bool> InterruptAsync(string sessionId) => bool.Parse(Value(await CallAsync(sessionId, g => g.Interrupt()).ConfigureAwait(false)));

    public async Task<string> StartConversationAsync(string sessionId, CancellationToken cancellationToken) =>
        Value(await CallAsync(sessionId, g => g.Conversation(true)).ConfigureAwait(false));

    public async Task<bool> StopConversationAsync(string sessionId) => bool.Parse(Value(await CallAsync(sessionId, g => g.Conversation(false)).ConfigureAwait(false)));

    /// <summary>Where session <paramref name="sessionId"/> runs: its owner's silo and address, or null when it does not run.</summary>
    public async Task<ControlReply?> LocateAsync(string sessionId)
    {
        ControlReply reply = await CallAsync(sessionId, g => g.Locate()).ConfigureAwait(false);
        return reply.Ok ? reply : null;
    }

    /// <summary>Forgets the hub connections whose sessions ran on <paramref name="silo"/> (it died) and returns them with their session.</summary>
    public IReadOnlyList<(string ConnectionId, string SessionId)> TakeConnectionsOwnedBy(string silo)
    {
        var lost = _ofConnection.Where(p => p.Value.Owner == silo).Select(p => (p.Key, p.Value.SessionId)).ToList();
        foreach (var (connection, _) in lost)
        {
            _ofConnection.TryRemove(connection, out _);
        }

        return lost;
    }

    // A start: a fresh id for each try, so a node that turns out full (its report was behind) leaves no half-made session.
    private async Task<(string Id, ControlReply Reply)> PlaceAsync(StartCommand command)
    {
        int nodes = Math.Max(1, membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active));
        string? lastRefusal = null;
        for (int attempt = 0; ; attempt++)
        {
            int free = view.FreeSlots(membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress.ToParsableString()));
            if (free == 0 && attempt > 0)
            {
                throw Full(nodes, lastRefusal);
            }

            string id = Guid.NewGuid().ToString("N");
            ControlReply reply = await CallAsync(id, g => g.Start(command)).ConfigureAwait(false);
            if (reply.Ok)
            {
                return (id, reply);
            }

            if (reply.Status == StatusCodes.Status429TooManyRequests && reply.Title == ControlReply.NodeFull)
            {
                view.Full(reply.Owner!);
                lastRefusal = reply.Detail;
                if (attempt < nodes)
                {
                    continue;
                }

                throw Full(nodes, lastRefusal);
            }

            throw AsException(reply);
        }
    }

    private static SessionLimitException Full(int nodes, string? lastRefusal) =>
        new($"The cluster is full: its {nodes} node(s) run every session their slots and headroom allow, or drain; try again later.{(lastRefusal is null ? "" : $" Last refusal: {lastRefusal}")}");

    private async Task<ControlReply> CallAsync(string sessionId, Func<ISessionGrain, Task<ControlReply>> call)
    {
        if (!RealtimeEngine.IsSessionId(sessionId))
        {
            return new ControlReply(StatusCodes.Status404NotFound, "Unknown session", $"No session '{sessionId}' runs in this cluster.", null, null, null);
        }

        try
        {
            return await call(grains.GetGrain<ISessionGrain>(sessionId)).WaitAsync(CallTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SiloUnavailableException or TimeoutException or OrleansException)
        {
            logger.LogWarning("Cluster: a call on session {SessionId} did not reach its node: {Reason}", sessionId, e.Message);
            throw new SpeechException(StatusCodes.Status503ServiceUnavailable, "Node unreachable", $"The node that runs session '{sessionId}' does not answer ({e.GetType().Name}); try again, or start a new session.");
        }
    }

    private static bool Exists(ControlReply reply) => reply.Status == StatusCodes.Status404NotFound ? false : reply.Ok ? true : throw AsException(reply);

    private static string Value(ControlReply reply) => reply.Ok ? reply.Value ?? "" : throw AsException(reply);

    private static SpeechException AsException(ControlReply reply) => new(reply.Status, reply.Title ?? "Session call failed", reply.Detail ?? $"The owner node answered {reply.Status}.");
}
