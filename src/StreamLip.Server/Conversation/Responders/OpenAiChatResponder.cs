using System.ClientModel;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using StreamLip.Server.Options;

namespace StreamLip.Server.Conversation.Responders;

/// <summary>
/// Any OpenAI-compatible chat-completions endpoint (llama.cpp server, vLLM, Ollama, a hosted API) through
/// Microsoft.Extensions.AI's OpenAI client, streaming: each delta is handed on as it arrives. The system prompt goes
/// first; no retries (a user waits on the answer: a failure is reported at once); the first token must come within
/// <see cref="ConversationOptions.FirstTokenTimeoutSeconds"/> and the whole reply within
/// <see cref="ConversationOptions.ReplyTimeoutSeconds"/>. Thread-safe.
/// </summary>
internal sealed class OpenAiChatResponder : IChatResponder, IDisposable
{
    private readonly IChatClient _client;
    private readonly ConversationOptions _options;
    private readonly string _where;

    public OpenAiChatResponder(ConversationOptions options, TimeProvider time)
    {
        _options = options;
        Time = time;
        var target = new OpenAiEndpoint(options.Llm);
        _where = target.Where;
        _client = new OpenAI.Chat.ChatClient(target.Model, target.Credential, target.ClientOptions).AsIChatClient();
        Name = target.Model;
    }

    /// <inheritdoc/>
    public string Name { get; }

    private TimeProvider Time { get; }

    /// <inheritdoc/>
    public async IAsyncEnumerable<string> RespondAsync(IReadOnlyList<ChatMessage> history, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<ChatMessage> messages = [new ChatMessage(ChatRole.System, _options.SystemPrompt), .. history];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var firstToken = TimeSpan.FromSeconds(_options.FirstTokenTimeoutSeconds);
        var whole = TimeSpan.FromSeconds(_options.ReplyTimeoutSeconds);
        timeout.CancelAfter(firstToken < whole ? firstToken : whole);
        long started = Time.GetTimestamp();
        bool any = false;
        IAsyncEnumerator<ChatResponseUpdate> updates = _client.GetStreamingResponseAsync(messages, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await updates.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new ResponderException(
                        any
                            ? $"The language model at {_where} did not finish its reply within {_options.ReplyTimeoutSeconds} s (StreamLip:Conversation:ReplyTimeoutSeconds)."
                            : $"The language model at {_where} sent no answer within {Math.Min(_options.FirstTokenTimeoutSeconds, _options.ReplyTimeoutSeconds)} s (StreamLip:Conversation:FirstTokenTimeoutSeconds).",
                        e);
                }
                catch (ClientResultException e)
                {
                    throw new ResponderException($"The language model at {_where} {OpenAiEndpoint.Answered(e)}: {FirstLine(e.Message)}", e);
                }
                catch (HttpRequestException e)
                {
                    throw new ResponderException($"The language model at {_where} could not be reached: {e.Message}", e);
                }

                if (!more)
                {
                    yield break;
                }

                string text = updates.Current.Text;
                if (text.Length == 0)
                {
                    continue;
                }

                if (!any)
                {
                    any = true;
                    TimeSpan left = whole - Time.GetElapsedTime(started);
                    timeout.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
                }

                yield return text;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    private static string FirstLine(string message)
    {
        int end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
