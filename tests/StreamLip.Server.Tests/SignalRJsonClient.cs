using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.TestHost;

namespace StreamLip.Server.Tests;

/// <summary>
/// Just enough of the SignalR JSON hub protocol over a WebSocket (no negotiate) to drive the hub from a test:
/// handshake, invocations with completions, and the server's invocations of the client.
/// </summary>
internal sealed class SignalRJsonClient : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly WebSocket _socket;
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _reader;
    private int _nextId;

    private SignalRJsonClient(WebSocket socket)
    {
        _socket = socket;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Connects as a page does: the token (default <see cref="ServerFactory.ApiKey"/>; null: none) as <c>?access_token=</c>.</summary>
    public static async Task<SignalRJsonClient> ConnectAsync(TestServer server, string path = "/hub", string? token = ServerFactory.ApiKey)
    {
        if (token is not null)
        {
            path += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "access_token=" + Uri.EscapeDataString(token);
        }

        var socket = await server.CreateWebSocketClient().ConnectAsync(new Uri(server.BaseAddress, path), CancellationToken.None);
        var client = new SignalRJsonClient(socket);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}");
        var handshake = await client.NextAsync(_ => true);
        Assert.False(handshake.TryGetProperty("error", out var error), $"handshake refused: {error}");
        return client;
    }

    /// <summary>Invokes a hub method; returns the completion message (with "result" or "error").</summary>
    public async Task<JsonElement> InvokeAsync(string target, params object?[] arguments)
    {
        string id = (++_nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }));
        return await NextAsync(m => m.GetProperty("type").GetInt32() == 3 && m.GetProperty("invocationId").GetString() == id);
    }

    /// <summary>The next call of <paramref name="target"/> on the client; returns its arguments.</summary>
    public async Task<JsonElement> NextCallAsync(string target)
    {
        var message = await NextAsync(m => m.GetProperty("type").GetInt32() == 1 && m.GetProperty("target").GetString() == target);
        return message.GetProperty("arguments");
    }

    /// <summary>The next call of each of <paramref name="targets"/>, in whatever order they come (events the server
    /// sends from different threads, e.g. a turn's timings and its first utterance's start); returns their arguments.</summary>
    public async Task<Dictionary<string, JsonElement>> NextCallsAsync(params string[] targets)
    {
        var calls = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        while (calls.Count < targets.Length)
        {
            var message = await NextAsync(m => m.GetProperty("type").GetInt32() == 1 && targets.Contains(m.GetProperty("target").GetString()) && !calls.ContainsKey(m.GetProperty("target").GetString()!));
            calls[message.GetProperty("target").GetString()!] = message.GetProperty("arguments");
        }

        return calls;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The server or the test host closed it first.
        }

        await _reader.WaitAsync(Timeout).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
    }

    private Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json + Separator), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private async Task<JsonElement> NextAsync(Func<JsonElement, bool> match)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var skipped = new List<string>();
        while (true)
        {
            JsonElement message;
            try
            {
                message = await _messages.Reader.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException e)
            {
                // Say what did come, so a missing event can be told from one that came first and was passed over.
                throw new TimeoutException($"No matching hub message within {Timeout.TotalSeconds} s; passed over meanwhile: {string.Join(" | ", skipped)}", e);
            }

            if (match(message))
            {
                return message;
            }

            string text = message.GetRawText();
            skipped.Add(text.Length > 200 ? text[..200] + "…" : text);
        }
    }

    private async Task ReadLoopAsync()
    {
        byte[] buffer = new byte[64 * 1024];
        var pending = new StringBuilder();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                pending.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                string text = pending.ToString();
                int end = text.LastIndexOf(Separator);
                if (end < 0)
                {
                    continue;
                }

                foreach (string frame in text[..end].Split(Separator))
                {
                    _messages.Writer.TryWrite(JsonDocument.Parse(frame).RootElement.Clone());
                }

                pending.Clear().Append(text[(end + 1)..]);
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }
}
