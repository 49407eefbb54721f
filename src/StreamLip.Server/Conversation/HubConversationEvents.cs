using Microsoft.AspNetCore.SignalR;
using StreamLip.Server.Hubs;

namespace StreamLip.Server.Conversation;

/// <summary>A conversation's events sent to its session's hub group (those who <c>Watch</c> it), and counted in
/// <see cref="ConversationMetrics"/>; sends are not awaited.</summary>
internal sealed class HubConversationEvents(IHubContext<StreamLipHub, IStreamLipClient> hub, string sessionId, ConversationMetrics metrics) : IConversationEvents
{
    private IStreamLipClient Group => hub.Clients.Group(Speech.SpeechService.Group(sessionId));

    public void Transcript(string text, bool final) => _ = Group.Transcript(sessionId, text, final);

    public void ReplyDelta(long turn, string delta) => _ = Group.ReplyDelta(sessionId, turn, delta);

    public void ReplyFinished(long turn, string text, bool interrupted) => _ = Group.ReplyFinished(sessionId, turn, text, interrupted);

    public void BargeIn(long turn)
    {
        metrics.BargeIns.Add(1);
        _ = Group.BargeIn(sessionId, turn);
    }

    public void Timings(TurnTimings timings)
    {
        metrics.Turns.Add(1);
        metrics.FirstMouth.Record(timings.ToFirstMouthMs);
        _ = Group.TurnTimings(sessionId, timings);
    }

    public void Error(string message)
    {
        metrics.Errors.Add(1);
        _ = Group.ConversationError(sessionId, message);
    }
}
