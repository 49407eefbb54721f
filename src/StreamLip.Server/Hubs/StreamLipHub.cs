using Microsoft.AspNetCore.SignalR;
using StreamLip.Realtime;
using StreamLip.Realtime.Transport;
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
internal sealed partial class StreamLipHub(ISessionControl sessions) : Hub<IStreamLipClient>
{
    private readonly ISessionControl _sessions = sessions;

    /// <summary>Starts this connection's session (stopping its previous one) and returns the SDP answer.</summary>
    public async Task<string> Offer(string sdp, OfferOptions? options)
    {
        await _sessions.StopConnectionAsync(Context.ConnectionId).ConfigureAwait(false);
        try
        {
            bool conversation = options?.Conversation == true;
            var started = await _sessions.StartAsync(new OfferStart(sdp, options?.Avatar, Context.ConnectionId, conversation, Caller.KeyOf(Context.User)), Context.ConnectionAborted).ConfigureAwait(false);
            if (conversation)
            {
                await Groups.AddToGroupAsync(Context.ConnectionId, Speech.SpeechService.Group(started.SessionId)).ConfigureAwait(false);
            }

            return started.Answer;
        }
        catch (Exception e) when (SignallingErrors.IsClientError(e))
        {
            throw new HubException(e.Message);
        }
    }

    /// <summary>Adds an ICE candidate of the page to its session.</summary>
    public async Task AddIceCandidate(string candidate, int sdpMLineIndex)
    {
        string id = _sessions.SessionOf(Context.ConnectionId) ?? throw new HubException("There is no session: send an offer first.");
        try
        {
            await _sessions.AddCandidateAsync(id, new IceCandidate(candidate, sdpMLineIndex)).ConfigureAwait(false);
        }
        catch (Exception e) when (SignallingErrors.IsClientError(e))
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
    public Task<long> Speak(string sessionId, string text, string? voice, int? rate) =>
        Run(() => _sessions.SpeakAsync(sessionId, text, voice, rate, Context.ConnectionAborted));

    /// <summary>Interrupts session <paramref name="sessionId"/>'s pushed speech; false when none was playing.</summary>
    public Task<bool> Interrupt(string sessionId) => Run(() => _sessions.InterruptAsync(sessionId));

    /// <summary>Sends this connection UtteranceStarted/UtteranceFinished of session <paramref name="sessionId"/>.</summary>
    public async Task Watch(string sessionId)
    {
        await Run(() => _sessions.InfoAsync(sessionId)).ConfigureAwait(false); // throws for an unknown session; announces its events
        await Groups.AddToGroupAsync(Context.ConnectionId, Speech.SpeechService.Group(sessionId)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await _sessions.StopConnectionAsync(Context.ConnectionId).ConfigureAwait(false);
        await base.OnDisconnectedAsync(exception).ConfigureAwait(false);
    }

    // A control call whose refusal (unknown session, bad text, queue full, a node away) the caller is told as a hub error.
    private static async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Speech.SpeechException e)
        {
            throw new HubException(e.Message);
        }
    }
}
