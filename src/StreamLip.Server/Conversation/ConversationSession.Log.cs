namespace StreamLip.Server.Conversation;

/// <summary>Conversation log events (800–809).</summary>
internal sealed partial class ConversationSession
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "Barge-in: the user spoke over turn {Turn}; the avatar was stopped and the reply cancelled")]
        public static partial void BargeIn(ILogger logger, long turn);

        [LoggerMessage(EventId = 802, Level = LogLevel.Warning, Message = "Speech recognition failed: {Reason}")]
        public static partial void RecognitionFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 803, Level = LogLevel.Warning, Message = "Reply {Turn} failed: {Reason}")]
        public static partial void ReplyFailed(ILogger logger, long turn, string reason);

        [LoggerMessage(EventId = 807, Level = LogLevel.Error, Message = "The conversation's listening loop failed on a chunk; it goes on")]
        public static partial void ListenFailed(ILogger logger, Exception error);

        [LoggerMessage(EventId = 804, Level = LogLevel.Information, Message = "Turn {Turn}: first mouth motion {ToFirstMouthMs} ms after the user stopped (hangover {HangoverMs}, recognition {RecognitionMs}, first token {FirstTokenMs}, synthesis {SynthesisMs} ms)")]
        public static partial void TurnTimed(ILogger logger, long turn, double toFirstMouthMs, double hangoverMs, double recognitionMs, double firstTokenMs, double synthesisMs);
    }
}
