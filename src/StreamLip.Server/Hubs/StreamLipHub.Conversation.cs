using Microsoft.AspNetCore.SignalR;

namespace StreamLip.Server.Hubs;

/// <summary>Conversation mode: <c>StartConversation(sessionId)</c> → "recogniser → responder", <c>StopConversation(sessionId)</c> → bool.</summary>
internal sealed partial class StreamLipHub
{
    /// <summary>Puts session <paramref name="sessionId"/> in conversation mode and sends this connection its events
    /// (<c>Transcript</c>, <c>ReplyDelta</c>, <c>ReplyFinished</c>, <c>BargeIn</c>, <c>TurnTimings</c>, <c>ConversationError</c>).</summary>
    public async Task<string> StartConversation(string sessionId)
    {
        try
        {
            speech.Find(sessionId); // announces its utterance events to the group too
            await Groups.AddToGroupAsync(Context.ConnectionId, Speech.SpeechService.Group(sessionId)).ConfigureAwait(false);
            return await conversations.StartAsync(sessionId, Context.ConnectionAborted).ConfigureAwait(false);
        }
        catch (Speech.SpeechException e)
        {
            throw new HubException(e.Message);
        }
    }

    /// <summary>Ends conversation mode of session <paramref name="sessionId"/> (its microphone drives the mouth again); false when it was not on.</summary>
    public Task<bool> StopConversation(string sessionId) => conversations.StopAsync(sessionId);
}
