namespace StreamLip.Server.Conversation;

/// <summary>What a conversation tells its watchers (the hub group of its session; a recorder in tests). Any thread, in order per turn.</summary>
internal interface IConversationEvents
{
    /// <summary>What the user said: a partial guess while speaking, then the final text.</summary>
    void Transcript(string text, bool final);

    /// <summary>More of reply <paramref name="turn"/> as the model streams it.</summary>
    void ReplyDelta(long turn, string delta);

    /// <summary>Reply <paramref name="turn"/> ended: all of it written (and queued to be spoken), or cut by barge-in.</summary>
    void ReplyFinished(long turn, string text, bool interrupted);

    /// <summary>The user spoke over the avatar or its pending reply: it was stopped.</summary>
    void BargeIn(long turn);

    /// <summary>Where the time of turn <paramref name="timings"/> went.</summary>
    void Timings(TurnTimings timings);

    /// <summary>Something failed (recognition, the model, synthesis); the message is fit to show the user.</summary>
    void Error(string message);
}
