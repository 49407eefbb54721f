namespace StreamLip.Server.Conversation.Responders;

/// <summary>The language model failed: unreachable, refused, an error status, or too slow; the message says which.</summary>
public sealed class ResponderException : Exception
{
    /// <summary>Makes one with <paramref name="message"/>.</summary>
    public ResponderException(string message)
        : base(message)
    {
    }

    /// <summary>Makes one with <paramref name="message"/> caused by <paramref name="inner"/>.</summary>
    public ResponderException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Makes one.</summary>
    public ResponderException()
    {
    }
}
