using Microsoft.Extensions.AI;

namespace StreamLip.Server.Conversation.Responders;

/// <summary>Answers the user: the reply to a conversation so far, streamed as text deltas. Thread-safe.</summary>
internal interface IChatResponder
{
    /// <summary>What logs and the page call it (<c>echo</c>, or the endpoint's model name).</summary>
    string Name { get; }

    /// <summary>Streams the reply to <paramref name="history"/> (oldest first, the user's new message last; no system
    /// prompt: the responder adds its own).</summary>
    /// <exception cref="ResponderException">The model failed or timed out (the message is fit to show the user).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (barge-in).</exception>
    IAsyncEnumerable<string> RespondAsync(IReadOnlyList<ChatMessage> history, CancellationToken cancellationToken);
}
