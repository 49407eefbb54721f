using Microsoft.AspNetCore.SignalR;
using StreamLip.Realtime;
using StreamLip.Server.Security;
using StreamLip.Server.Sessions;

namespace StreamLip.Server.Hubs;

/// <summary>
/// The page's signalling at <c>/hub</c>: one session per connection. Client → server: <c>Offer(sdp, {avatar, conversation})</c> →
/// answer SDP, <c>AddIceCandidate(candidate, sdpMLineIndex)</c>, <c>Stop()</c>; pushed speech on any session:
/// <c>SessionId()</c>, <c>Speak(sessionId, text, voice, rate)</c> → utterance id, <c>Interrupt(sessionId)</c>,
/// <c>Watch(sessionId)</c>. Server → client: <c>IceCandidate</c>, <c>Stats</c> (every second), <c>Error</c>,
/// <c>UtteranceStarted</c>/<c>UtteranceFinished</c> of watched sessions. Refusals (server full, bad offer, unknown avatar) are hub errors whose
/// message says why.
/// </summary>
internal sealed partial class StreamLipHub(SessionManager sessions, Speech.SpeechService speech, Conversation.ConversationService conversations) : Hub<IStreamLipClient>
{
    private readonly SessionManager _sessions = sessions;

    /// <summary>Starts this connection's session (stopping its previous one) and returns the SDP answer.</summary>
    public async Task<string> Offer(string sdp, OfferOptions? options)
    {
        await _sessions.StopConnectionAsync(Context.ConnectionId).ConfigureAwait(false);
        try
        {
            var started = await _sessions.StartAsync(sdp, options?.Avatar, Context.ConnectionId, Context.ConnectionAborted, Caller.KeyOf(Context.User)).ConfigureAwait(false);
            if (options?.Conversation == true)
            {
                await StartConversation(started.SessionId).ConfigureAwait(false);
            }

            return started.Answer;
        }
        catch (Exception e) when (SignallingErrors.IsClientError(e))
        {
            throw new HubException(e.Message);
        }
    }

    /// <summary>Adds an ICE candidate of the page to its session.</summary>
    public void AddIceCandidate(string candidate, int sdpMLineIndex)
    {
        var id = _sessions.SessionOf(Context.ConnectionId) ?? throw new HubException("There is no session: send an offer first.");
        try
        {
            _sessions.AddCandidate(id, new IceCandidate(candidate, sdpMLineIndex));
        }
        catch (SignallingException e)
        {
            throw new HubException(e.Message);
        }
    }

    /// <summary>Stops this connection's session.</summary>
    public Task Stop() => _sessions.StopConnectionAsync(Context.ConnectionId);

    // --- Pushed speech (any session by id; the page's own from SessionId()) ---

    /// <summary>The id of this connection's session (started by Offer), or null.</summary>
    public string? SessionId() => _sessions.SessionOf(Context.ConnectionId);

    /// <summary>Speaks <paramref name="text"/> on session <paramref name="sessionId"/>; returns the utterance id.</summary>
    public async Task<long> Speak(string sessionId, string text, string? voice, int? rate)
    {
        try
        {
            var u = await speech.SpeakAsync(sessionId, text, voice, rate, Context.ConnectionAborted).ConfigureAwait(false);
            return u.Id;
        }
        catch (Speech.SpeechException e)
        {
            throw new HubException(e.Message);
        }
    }

    /// <summary>Interrupts session <paramref name="sessionId"/>'s pushed speech; false when none was playing.</summary>
    public bool Interrupt(string sessionId)
    {
        try
        {
            return speech.Interrupt(sessionId);
        }
        catch (Speech.SpeechException e)
        {
            throw new HubException(e.Message);
        }
    }

    /// <summary>Sends this connection UtteranceStarted/UtteranceFinished of session <paramref name="sessionId"/>.</summary>
    public async Task Watch(string sessionId)
    {
        try
        {
            speech.Find(sessionId);
        }
        catch (Speech.SpeechException e)
        {
            throw new HubException(e.Message);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, Speech.SpeechService.Group(sessionId)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await _sessions.StopConnectionAsync(Context.ConnectionId).ConfigureAwait(false);
        await base.OnDisconnectedAsync(exception).ConfigureAwait(false);
    }
}
