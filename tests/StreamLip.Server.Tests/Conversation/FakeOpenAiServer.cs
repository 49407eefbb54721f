using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StreamLip.Server.Tests.Conversation;

/// <summary>
/// A local OpenAI-compatible server for the tests (Kestrel on a free loopback port): <c>POST /v1/chat/completions</c>
/// streams the chunks of <see cref="Reply"/> as server-sent events, each after <see cref="Before"/> returns (a delay or a
/// gate the test opens), or answers <see cref="FailWith"/>; <c>POST /v1/audio/transcriptions</c> answers
/// <see cref="Transcript"/>. Every request's body and Authorization header are kept.
/// </summary>
internal sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeOpenAiServer(WebApplication app) => _app = app;

    /// <summary>The base URL, ending in <c>/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The chunks of the reply, in order.</summary>
    public IReadOnlyList<string> Reply { get; set; } = ["Hello", " there."];

    /// <summary>Awaited before chunk i is sent (default: nothing).</summary>
    public Func<int, CancellationToken, Task> Before { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>When set, chat requests get this status and an OpenAI error body.</summary>
    public int? FailWith { get; set; }

    /// <summary>What transcription requests get.</summary>
    public string Transcript { get; set; } = "what is the weather like today";

    /// <summary>Chat request bodies (JSON) and their Authorization headers, in arrival order.</summary>
    public ConcurrentQueue<(JsonElement Body, string? Authorization)> ChatRequests { get; } = new();

    /// <summary>Bytes of audio each transcription request carried.</summary>
    public ConcurrentQueue<long> TranscriptionBytes { get; } = new();

    /// <summary>Completes when a chat request was aborted by its client.</summary>
    public TaskCompletionSource Aborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/audio/transcriptions", server.TranscribeAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ChatAsync(HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body);
        ChatRequests.Enqueue((body.RootElement.Clone(), http.Request.Headers.Authorization.ToString()));
        if (FailWith is { } status)
        {
            http.Response.StatusCode = status;
            await http.Response.WriteAsJsonAsync(new { error = new { message = "the model is overloaded", type = "server_error" } });
            return;
        }

        http.Response.ContentType = "text/event-stream";
        CancellationToken aborted = http.RequestAborted;
        aborted.Register(() => Aborted.TrySetResult());
        try
        {
            for (int i = 0; i < Reply.Count; i++)
            {
                await Before(i, aborted);
                var chunk = new
                {
                    id = "chatcmpl-test",
                    @object = "chat.completion.chunk",
                    created = 1,
                    model = "test-model",
                    choices = new[] { new { index = 0, delta = new { role = "assistant", content = Reply[i] }, finish_reason = (string?)null } },
                };
                await http.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n", aborted);
                await http.Response.Body.FlushAsync(aborted);
            }

            await http.Response.WriteAsync("data: [DONE]\n\n", aborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away (cancelled): Aborted is set.
        }
    }

    private async Task TranscribeAsync(HttpContext http)
    {
        IFormCollection form = await http.Request.ReadFormAsync();
        TranscriptionBytes.Enqueue(form.Files["file"]?.Length ?? -1);
        if (FailWith is { } status)
        {
            http.Response.StatusCode = status;
            await http.Response.WriteAsJsonAsync(new { error = new { message = "no", type = "server_error" } });
            return;
        }

        await http.Response.WriteAsJsonAsync(new { text = Transcript });
    }
}
