using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using StreamLip.Server.Conversation.Responders;
using StreamLip.Server.Options;

namespace StreamLip.Server.Tests.Conversation.Responders;

/// <summary>The OpenAI-compatible chat client against a local fake endpoint: streaming, slow first token, errors, cancellation.</summary>
public sealed class OpenAiChatResponderTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Deltas_arrive_as_the_model_writes_them_with_the_system_prompt_history_model_and_key()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Reply = ["Hi", " Ann.", " Nice day."];
        _server.Before = (i, ct) => i == 1 ? gate.Task.WaitAsync(ct) : Task.CompletedTask;
        using var responder = Make(o => o.Llm.ApiKey = "sk-test-123");
        List<ChatMessage> history = [new(ChatRole.User, "I am Ann."), new(ChatRole.Assistant, "Hello Ann."), new(ChatRole.User, "How is the day?")];

        var deltas = new List<string>();
        await foreach (string delta in responder.RespondAsync(history, CancellationToken.None))
        {
            deltas.Add(delta);
            gate.TrySetResult(); // the second chunk is sent only after the first was received: streaming, not buffered
        }

        Assert.Equal(["Hi", " Ann.", " Nice day."], deltas);
        var (body, auth) = Assert.Single(_server.ChatRequests);
        Assert.Equal("Bearer sk-test-123", auth);
        Assert.Equal("test-llm", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        var messages = body.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), Content(m))).ToList();
        Assert.Equal(("system", "Be brief."), messages[0]);
        Assert.Equal([("user", "I am Ann."), ("assistant", "Hello Ann."), ("user", "How is the day?")], messages[1..]);
    }

    [Fact]
    public async Task A_slow_first_token_is_waited_for_up_to_its_timeout_then_refused_with_a_clear_error()
    {
        _server.Before = (i, ct) => i == 0 ? Task.Delay(TimeSpan.FromSeconds(1.5), ct) : Task.CompletedTask;
        using var patient = Make(o => o.FirstTokenTimeoutSeconds = 10);
        Assert.Equal("Hello there.", string.Concat(await Collect(patient, CancellationToken.None)));

        _server.Before = (i, ct) => i == 0 ? Task.Delay(TimeSpan.FromSeconds(30), ct) : Task.CompletedTask;
        using var hasty = Make(o => o.FirstTokenTimeoutSeconds = 1);
        var t = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ResponderException>(() => Collect(hasty, CancellationToken.None));
        Assert.Contains("sent no answer within 1 s", e.Message, StringComparison.Ordinal);
        Assert.Contains("FirstTokenTimeoutSeconds", e.Message, StringComparison.Ordinal);
        Assert.InRange(t.Elapsed.TotalSeconds, 0.9, 8);
    }

    [Fact]
    public async Task An_error_status_or_an_unreachable_endpoint_is_reported_without_retrying()
    {
        _server.FailWith = 503;
        using var responder = Make();
        var e = await Assert.ThrowsAsync<ResponderException>(() => Collect(responder, CancellationToken.None));
        Assert.Contains("HTTP 503", e.Message, StringComparison.Ordinal);
        Assert.Contains(_server.BaseUrl.Authority, e.Message, StringComparison.Ordinal);
        Assert.Single(_server.ChatRequests); // no retries: the user is waiting

        var nowhere = new ConversationOptions { Llm = { BaseUrl = new Uri("http://127.0.0.1:9/v1"), Model = "m" } };
        using var unreachable = new OpenAiChatResponder(nowhere, TimeProvider.System);
        var down = await Assert.ThrowsAsync<ResponderException>(() => Collect(unreachable, CancellationToken.None));
        Assert.Contains("127.0.0.1:9", down.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_mid_reply_stops_at_once_and_drops_the_request()
    {
        _server.Reply = ["One.", " Two.", " Three."];
        _server.Before = (i, ct) => i == 1 ? Task.Delay(TimeSpan.FromSeconds(30), ct) : Task.CompletedTask;
        using var responder = Make();
        using var cts = new CancellationTokenSource();
        var deltas = new List<string>();
        var t = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (string delta in responder.RespondAsync([new ChatMessage(ChatRole.User, "count")], cts.Token))
            {
                deltas.Add(delta);
                t.Restart();
                await cts.CancelAsync(); // barge-in
            }
        });

        Assert.Equal(["One."], deltas);
        Assert.InRange(t.Elapsed.TotalSeconds, 0, 3);
        await _server.Aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static string? Content(JsonElement message)
    {
        JsonElement c = message.GetProperty("content");
        return c.ValueKind == JsonValueKind.String ? c.GetString() : string.Concat(c.EnumerateArray().Select(p => p.GetProperty("text").GetString()));
    }

    private static async Task<List<string>> Collect(IChatResponder responder, CancellationToken cancellationToken)
    {
        var deltas = new List<string>();
        await foreach (string delta in responder.RespondAsync([new ChatMessage(ChatRole.User, "hello")], cancellationToken))
        {
            deltas.Add(delta);
        }

        return deltas;
    }

    private OpenAiChatResponder Make(Action<ConversationOptions>? configure = null)
    {
        var options = new ConversationOptions { SystemPrompt = "Be brief.", Llm = { BaseUrl = _server.BaseUrl, Model = "test-llm" } };
        configure?.Invoke(options);
        return new OpenAiChatResponder(options, TimeProvider.System);
    }
}
