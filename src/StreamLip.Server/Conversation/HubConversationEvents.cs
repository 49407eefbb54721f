using Microsoft.AspNetCore.SignalR;
using StreamLip.Server.Hubs;

namespace StreamLip.Server.Conversation;

/// <summary>A conversation's events sent to its session's hub group (those who <c>Watch</c> it); sends are not awaited.</summary>
internal sealed class HubConversationEvents(IHubContext<StreamLipHub, IStreamLipClient> hub, string sessionId) : IConversationEvents
{
    private IStreamLipClient Group => hub.Clients.Group(Speech.SpeechService.Group(sessionId));

    public void Transcript(string text, bool final) => _ = Group.Transcript(sessionId, text, final);

    public void ReplyDelta(long turn, string delta) => _ = Group.ReplyDelta(sessionId, turn, delta);

    public void ReplyFinished(long turn, string text, bool interrupted) => _ = Group.ReplyFinished(sessionId, turn, text, interrupted);

    public void BargeIn(long turn) => _ = Group.BargeIn(sessionId, turn);

    public void Timings(TurnTimings timings) => _ = Group.TurnTimings(sessionId, timings);

    public void Error(string message) => _ = Group.ConversationError(sessionId, message);
}
