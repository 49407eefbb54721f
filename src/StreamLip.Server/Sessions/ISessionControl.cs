using StreamLip.Realtime;
using StreamLip.Realtime.Transport;

namespace StreamLip.Server.Sessions;

/// <summary>
/// What the HTTP API and the hub do to a session: start it (placed on a node), and the control calls on it by id —
/// candidates, stop, state, speech, interrupt, conversation. One node: <see cref="LocalSessionControl"/>, the node's own
/// sessions. A cluster (<see cref="Cluster.ClusterSessionControl"/>): the same calls reach the session's grain on the
/// node that runs it, wherever the caller came in. Errors are what the local calls throw: the signalling
/// failures of <see cref="SignallingErrors.IsClientError"/>, and <see cref="Speech.SpeechException"/> for the rest.
/// </summary>
internal interface ISessionControl
{
    /// <summary>Starts a session for a WebRTC offer and returns its answer (conversation mode too when asked; a session
    /// whose conversation cannot start is stopped and the reason thrown as a <see cref="Speech.SpeechException"/>).</summary>
    Task<StartedSession> StartAsync(OfferStart start, CancellationToken cancellationToken);

    /// <summary>Starts a session without a microphone; returns its id and the viewer page's address with its token.</summary>
    Task<CreateSessionResponse> StartPushedAsync(string? avatar, string? keyId);

    /// <summary>Adds a client ICE candidate; false when the session does not exist.</summary>
    Task<bool> AddCandidateAsync(string sessionId, IceCandidate candidate);

    /// <summary>Stops a session; false when it does not exist.</summary>
    Task<bool> StopAsync(string sessionId);

    /// <summary>The session a SignalR connection started, if it runs.</summary>
    string? SessionOf(string connectionId);

    /// <summary>Stops the session of a SignalR connection, if any.</summary>
    Task StopConnectionAsync(string connectionId);

    /// <summary>A session's state (404 as a <see cref="Speech.SpeechException"/> when it does not run).</summary>
    Task<SessionInfoResponse> InfoAsync(string sessionId);

    /// <summary>Synthesises and queues <paramref name="text"/>; returns the utterance id.</summary>
    Task<long> SpeakAsync(string sessionId, string? text, string? voice, int? rate, CancellationToken cancellationToken);

    /// <summary>Interrupts the session's pushed speech; false when none was playing.</summary>
    Task<bool> InterruptAsync(string sessionId);

    /// <summary>Puts the session in conversation mode; returns "recogniser → responder".</summary>
    Task<string> StartConversationAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Ends conversation mode; false when it was not on.</summary>
    Task<bool> StopConversationAsync(string sessionId);
}

/// <summary>An offer to start a session with.</summary>
/// <param name="Sdp">The client's offer.</param>
/// <param name="Avatar">Avatar name; null for the default.</param>
/// <param name="ConnectionId">The SignalR connection it belongs to (its ICE candidates and stats go there), or null.</param>
/// <param name="Conversation">Start it in conversation mode.</param>
/// <param name="KeyId">The caller's API key id, counted against its limit; null: not counted.</param>
internal sealed record OfferStart(string? Sdp, string? Avatar, string? ConnectionId, bool Conversation, string? KeyId);
