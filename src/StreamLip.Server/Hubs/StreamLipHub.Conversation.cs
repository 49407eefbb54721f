using Microsoft.AspNetCore.SignalR;

namespace StreamLip.Server.Hubs;

/// <summary>Conversation mode: <c>StartConversation(sessionId)</c> → "recogniser → responder", <c>StopConversation(sessionId)</c> → bool.</summary>
internal sealed partial class StreamLipHub
{
    /// <summary>Puts session <paramref name="sessionId"/> in conversation mode and sends this connection its events
    /// (<c>Transcript</c>, <c>ReplyDelta</c>, <c>ReplyFinished</c>, <c>BargeIn</c>, <c>TurnTimings</c>, <c>ConversationError</c>).</summary>
    public async Task<string> StartConversation(string sessionId)
    {
        await Run(() => _sessions.InfoAsync(sessionId)).ConfigureAwait(false); // throws for an unknown session; announces its events
        await Groups.AddToGroupAsync(Context.ConnectionId, Speech.SpeechService.Group(sessionId)).ConfigureAwait(false);
        return await Run(() => _sessions.StartConversationAsync(sessionId, Context.ConnectionAborted)).ConfigureAwait(false);
    }

    /// <summary>Ends conversation mode of session <paramref name="sessionId"/> (its microphone drives the mouth again); false when it was not on.</summary>
    public Task<bool> StopConversation(string sessionId) => Run(() => _sessions.StopConversationAsync(sessionId));
}
