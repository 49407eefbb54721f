using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using StreamLip.Realtime;
using StreamLip.Realtime.Speech;
using StreamLip.Server.Avatars;
using StreamLip.Server.Hosting;
using StreamLip.Server.Options;
using StreamLip.Server.Security;
using StreamLip.Server.Sessions;
using StreamLip.Server.Speech;

namespace StreamLip.Server.Sessions;

/// <summary>
/// Sessions driven by pushed speech: <c>POST /api/sessions</c>, <c>GET|DELETE /api/sessions/{id}</c>,
/// <c>POST /api/sessions/{id}/speak</c>, <c>POST /api/sessions/{id}/audio</c> (a file),
/// <c>GET /api/sessions/{id}/audio/stream</c> (WebSocket, s16le PCM), <c>POST /api/sessions/{id}/interrupt</c>,
/// <c>GET /api/voices</c>. Speech calls work on every session, microphone sessions included. Errors are problem+json.
/// </summary>
internal static class SessionEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sessions");
        api.MapPost("", CreateAsync);
        api.MapGet("/{id}", (string id, ISessionControl sessions) => RunAsync(async () => Results.Ok(await sessions.InfoAsync(id).ConfigureAwait(false))));
        api.MapDelete("/{id}", (string id, ISessionControl sessions) =>
            RunAsync(async () => await sessions.StopAsync(id).ConfigureAwait(false) ? Results.NoContent() : NoSession(id)));
        api.MapPost("/{id}/speak", SpeakAsync);
        api.MapPost("/{id}/audio", UploadAsync);
        api.MapPost("/{id}/interrupt", (string id, ISessionControl sessions) => RunAsync(async () => Results.Ok(new InterruptResponse(await sessions.InterruptAsync(id).ConfigureAwait(false)))));
        app.MapGet("/api/voices", async (EspeakSynthesizer tts, IOptions<ServerOptions> options) =>
        {
            try
            {
                return Results.Ok(new VoicesResponse(options.Value.Speech.DefaultVoice, await tts.VoicesAsync().ConfigureAwait(false)));
            }
            catch (SpeechException e)
            {
                return Problem(e);
            }
        });

        // The PCM stream is a WebSocket: its own small pipeline with the WebSocket middleware (as SignalR's endpoints have).
        var ws = app.CreateApplicationBuilder();
        ws.UseWebSockets();
        ws.Run(StreamAsync);
        app.Map("/api/sessions/{id}/audio/stream", ws.Build());
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ISessionControl sessions, IOptions<ServerOptions> options)
    {
        var (request, error) = await ReadAsync<CreateSessionRequest>(http, options.Value.MaxRequestBodyBytes, optional: true).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (request?.Microphone == true)
        {
            return SignallingErrors.Problem(StatusCodes.Status400BadRequest, "Bad session request", "A session with a microphone is started by a WebRTC offer (the page, or POST /api/webrtc/offer); this call starts sessions without one ('microphone': false).");
        }

        try
        {
            CreateSessionResponse body = await sessions.StartPushedAsync(request?.Avatar, Caller.KeyOf(http.User)).ConfigureAwait(false);
            return Results.Created($"/api/sessions/{body.Id}", body);
        }
        catch (Exception e) when (SignallingErrors.IsClientError(e))
        {
            return SignallingErrors.ToResult(e, http);
        }
    }

    private static async Task<IResult> SpeakAsync(string id, HttpContext http, ISessionControl sessions, IOptions<ServerOptions> options)
    {
        var (request, error) = await ReadAsync<SpeakRequest>(http, options.Value.MaxRequestBodyBytes, optional: false).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        try
        {
            long utterance = await sessions.SpeakAsync(id, request!.Text, request.Voice, request.Rate, http.RequestAborted).ConfigureAwait(false);
            return Results.Accepted(null, new UtteranceResponse(utterance));
        }
        catch (SpeechException e)
        {
            return Problem(e, http);
        }
    }

    private static async Task<IResult> UploadAsync(string id, HttpContext http, SpeechService speech, IOptions<ServerOptions> options)
    {
        int limit = options.Value.Speech.MaxUploadBytes;
        var (path, length) = await Uploads.SaveAsync(http, limit, "streamlip-upload-").ConfigureAwait(false);
        if (path is null)
        {
            return UploadTooLarge(limit);
        }

        try
        {
            if (length == 0)
            {
                return SignallingErrors.Problem(StatusCodes.Status400BadRequest, "Not playable audio", "The body is empty; send an audio file (WAV, Ogg, MP3, ...).");
            }

            Utterance u = await speech.EnqueueFileAsync(id, path, "upload", http.RequestAborted).ConfigureAwait(false);
            return Results.Accepted(null, new UtteranceResponse(u.Id));
        }
        catch (SpeechException e)
        {
            return Problem(e, http);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task StreamAsync(HttpContext http)
    {
        var speech = http.RequestServices.GetRequiredService<SpeechService>();
        string id = (string)http.GetRouteValue("id")!;
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await SignallingErrors.Problem(StatusCodes.Status400BadRequest, "Not a WebSocket", "Open this URL as a WebSocket and send s16le PCM as binary messages.").ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        if (!int.TryParse(http.Request.Query["rate"], out int rate) | !int.TryParse(http.Request.Query["channels"].FirstOrDefault() ?? "1", out int channels))
        {
            await SignallingErrors.Problem(StatusCodes.Status400BadRequest, "Bad PCM format", "Name the format: ?rate=24000&channels=1 (rate 8000..48000, channels 1..2).").ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        SpeechStream stream;
        try
        {
            stream = speech.OpenStream(id, rate, channels);
        }
        catch (SpeechException e)
        {
            await Problem(e, http).ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        using (stream)
        {
            using WebSocket socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                while (true)
                {
                    WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, http.RequestAborted).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        stream.Complete();
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "completed", CancellationToken.None).ConfigureAwait(false);
                        return;
                    }

                    if (result.MessageType == WebSocketMessageType.Text)
                    {
                        // A client that sends text has the protocol wrong: say so instead of ignoring it. What arrived plays.
                        stream.Complete();
                        await socket.CloseAsync(WebSocketCloseStatus.InvalidMessageType, "send s16le PCM as binary messages, not text", CancellationToken.None).ConfigureAwait(false);
                        return;
                    }

                    if (!stream.WritePcm16(buffer.AsSpan(0, result.Count)))
                    {
                        // Interrupted (or the session ended): the rest of this stream would be dropped; say so.
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "interrupted", CancellationToken.None).ConfigureAwait(false);
                        return;
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or InvalidOperationException)
            {
                // The client went away or overfilled the stream: what arrived plays; the utterance ends here.
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    // Copies at most `limit` bytes; −1 when the body is longer.
    private static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext http, int limit, bool optional)
        where T : class
    {
        if (optional && http.Request.ContentLength is null or 0 && !http.Request.HasJsonContentType())
        {
            return (null, null);
        }

        if (!http.Request.HasJsonContentType())
        {
            return (null, SignallingErrors.Problem(StatusCodes.Status415UnsupportedMediaType, "Not JSON", "Send the body as application/json."));
        }

        if (http.Request.ContentLength > limit)
        {
            return (null, SignallingErrors.Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body is {http.Request.ContentLength} bytes; at most {limit} are accepted (StreamLip:MaxRequestBodyBytes)."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, Json, http.RequestAborted).ConfigureAwait(false);
            return value is null && !optional
                ? (null, SignallingErrors.Problem(StatusCodes.Status400BadRequest, "Bad JSON", "The body is JSON null; send an object."))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, SignallingErrors.Problem(StatusCodes.Status400BadRequest, "Bad JSON", $"The body is not valid JSON for this call: {e.Message}"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, SignallingErrors.Problem(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body is over the limit of {limit} bytes (StreamLip:MaxRequestBodyBytes)."));
        }
    }

    private static async Task<IResult> RunAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (SpeechException e)
        {
            return Problem(e);
        }
    }

    private static IResult Problem(SpeechException e, HttpContext? http = null)
    {
        if (e.StatusCode == StatusCodes.Status429TooManyRequests && http is not null)
        {
            http.Response.Headers.RetryAfter = "5";
        }

        return SignallingErrors.Problem(e.StatusCode, e.Title, e.Message);
    }

    private static IResult UploadTooLarge(int limit) =>
        SignallingErrors.Problem(StatusCodes.Status413PayloadTooLarge, "Audio file too large", $"At most {limit} bytes of audio are accepted (StreamLip:Speech:MaxUploadBytes).");

    private static IResult NoSession(string id) =>
        SignallingErrors.Problem(StatusCodes.Status404NotFound, "Unknown session", $"No session '{id}' runs here (it may have ended).");
}
