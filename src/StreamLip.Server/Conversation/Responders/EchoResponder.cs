using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace StreamLip.Server.Conversation.Responders;

/// <summary>
/// The built-in responder, used when no language model is configured: it repeats what it understood, word by word as
/// a model streams, so the whole loop (recognition, sentence-streamed speech, barge-in) runs on a fresh machine.
/// </summary>
internal sealed class EchoResponder : IChatResponder
{
    /// <inheritdoc/>
    public string Name => "echo";

    /// <inheritdoc/>
    public async IAsyncEnumerable<string> RespondAsync(IReadOnlyList<ChatMessage> history, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string heard = history.Count > 0 ? history[^1].Text.Trim() : string.Empty;
        string reply = heard.Length == 0 ? "I did not catch that." : $"You said {heard}. No language model is set up, so I repeat what I understood.";
        foreach (string word in reply.Split(' '))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return word + " ";
            await Task.Yield();
        }
    }
}
