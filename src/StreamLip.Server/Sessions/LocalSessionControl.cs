using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
using StreamLip.Server.Conversation;
using StreamLip.Server.Speech;

namespace StreamLip.Server.Sessions;

/// <summary>
/// The node's own sessions (<see cref="ISessionControl"/> of a single node, and what a cluster's session grain calls on
/// the node that runs the session).
/// </summary>
internal sealed class LocalSessionControl(SessionManager sessions, SpeechService speech, ConversationService conversations, Security.ViewerTokens tokens) : ISessionControl
{
    public Task<StartedSession> StartAsync(OfferStart start, CancellationToken cancellationToken) => StartAsync(start, null, cancellationToken);

    /// <summary>Starts a session named <paramref name="sessionId"/> (null: a new id).</summary>
    public async Task<StartedSession> StartAsync(OfferStart start, string? sessionId, CancellationToken cancellationToken)
    {
        var started = await sessions.StartAsync(start.Sdp, start.Avatar, start.ConnectionId, cancellationToken, start.KeyId, sessionId).ConfigureAwait(false);
        if (start.Conversation)
        {
            try
            {
                await conversations.StartAsync(started.SessionId, cancellationToken).ConfigureAwait(false);
            }
            catch (SpeechException)
            {
                // The client asked for a conversation it cannot have: no session without it.
                await sessions.StopAsync(started.SessionId).ConfigureAwait(false);
                throw;
            }
        }

        return started;
    }

    public Task<CreateSessionResponse> StartPushedAsync(string? avatar, string? keyId) => Task.FromResult(StartPushed(avatar, keyId, null, ""));

    /// <summary>Starts a session without a microphone named <paramref name="sessionId"/>; its viewer address starts with <paramref name="baseUrl"/>.</summary>
    public CreateSessionResponse StartPushed(string? avatar, string? keyId, string? sessionId, string baseUrl)
    {
        var (session, token) = speech.Start(avatar, keyId, sessionId);
        return new CreateSessionResponse(session.Id, $"{baseUrl}/viewer?session={session.Id}&token={token}", token);
    }

    public Task<bool> AddCandidateAsync(string sessionId, IceCandidate candidate) => Task.FromResult(sessions.AddCandidate(sessionId, candidate));

    public async Task<bool> StopAsync(string sessionId)
    {
        bool stopped = await sessions.StopAsync(sessionId).ConfigureAwait(false);
        tokens.Revoke(sessionId); // at once (the session's own revocation runs after its completion, a moment later)
        return stopped;
    }

    public string? SessionOf(string connectionId) => sessions.SessionOf(connectionId);

    public Task StopConnectionAsync(string connectionId) => sessions.StopConnectionAsync(connectionId);

    public Task<SessionInfoResponse> InfoAsync(string sessionId)
    {
        RealtimeSession s = speech.Find(sessionId);
        return Task.FromResult(new SessionInfoResponse(s.GetStats(), s.QueuedUtterances, s.IsSpeaking));
    }

    public async Task<long> SpeakAsync(string sessionId, string? text, string? voice, int? rate, CancellationToken cancellationToken) =>
        (await speech.SpeakAsync(sessionId, text, voice, rate, cancellationToken).ConfigureAwait(false)).Id;

    public Task<bool> InterruptAsync(string sessionId) => Task.FromResult(speech.Interrupt(sessionId));

    public Task<string> StartConversationAsync(string sessionId, CancellationToken cancellationToken)
    {
        speech.Find(sessionId); // 404 for an unknown session; announces its utterance events to watchers
        return conversations.StartAsync(sessionId, cancellationToken);
    }

    public Task<bool> StopConversationAsync(string sessionId) => conversations.StopAsync(sessionId);

    /// <summary>True when session <paramref name="sessionId"/> runs on this node.</summary>
    public bool Runs(string sessionId) => sessions.Runs(sessionId);

    /// <summary>Sessions running on this node.</summary>
    public int RunningCount => sessions.RunningCount;
}
