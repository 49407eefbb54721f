namespace StreamLip.Server.Conversation.Recognition;

/// <summary>Speech recognition failed or cannot start; the message says why and, for a missing piece, what installs it.</summary>
public sealed class RecognitionException : Exception
{
    /// <summary>Makes one with <paramref name="message"/>.</summary>
    public RecognitionException(string message)
        : base(message)
    {
    }

    /// <summary>Makes one with <paramref name="message"/> caused by <paramref name="inner"/>.</summary>
    public RecognitionException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Makes one.</summary>
    public RecognitionException()
    {
    }
}
