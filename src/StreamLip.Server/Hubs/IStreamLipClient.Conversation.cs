using StreamLip.Server.Conversation;

namespace StreamLip.Server.Hubs;

/// <summary>Conversation events of a watched session (<c>Watch</c>, or <c>StartConversation</c> itself).</summary>
public partial interface IStreamLipClient
{
    /// <summary>What the user said: partial guesses while speaking (<paramref name="final"/> false), then the final text.</summary>
    Task Transcript(string sessionId, string text, bool final);

    /// <summary>More of reply <paramref name="turn"/>, as the model streams it.</summary>
    Task ReplyDelta(string sessionId, long turn, string delta);

    /// <summary>Reply <paramref name="turn"/> ended: written in full, or cut (barge-in, an error).</summary>
    Task ReplyFinished(string sessionId, long turn, string text, bool interrupted);

    /// <summary>The user spoke over the avatar or its pending reply <paramref name="turn"/>: stopped and cancelled.</summary>
    Task BargeIn(string sessionId, long turn);

    /// <summary>Where a turn's time went, from the end of the user's speech to the first mouth motion.</summary>
    Task TurnTimings(string sessionId, TurnTimings timings);

    /// <summary>Recognition, the model or synthesis failed; the message says what and is fit to show.</summary>
    Task ConversationError(string sessionId, string message);
}
