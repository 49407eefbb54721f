using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StreamLip.Realtime;
using StreamLip.Server.Conversation.Recognition;
using StreamLip.Server.Conversation.Responders;
using StreamLip.Server.Hosting;
using StreamLip.Server.Hubs;
using StreamLip.Server.Options;
using StreamLip.Server.Speech;

namespace StreamLip.Server.Conversation;

/// <summary>
/// Conversation mode of the server's sessions (hub <c>StartConversation</c>/<c>StopConversation</c>, HTTP
/// <c>POST|DELETE /api/sessions/{id}/conversation</c>): makes each session's recogniser and <see cref="ConversationSession"/>,
/// turns the session's microphone mirroring off while it runs, and ends it with the session. One responder (the
/// configured endpoint, or the echo) serves every session, and so does one whisper model when that recogniser is chosen
/// (loaded at the first conversation, freed with the service). Thread-safe.
/// </summary>
internal sealed partial class ConversationService(
    EngineHost engine,
    EspeakSynthesizer tts,
    IOptions<ServerOptions> options,
    IHubContext<StreamLipHub, IStreamLipClient> hub,
    TimeProvider time,
    ConversationMetrics metrics,
    ILoggerFactory loggers) : IDisposable
{
    private readonly ConcurrentDictionary<string, Task<ConversationSession>> _running = new(StringComparer.Ordinal);
    private readonly Lazy<IChatResponder> _responder = new(() => CreateResponder(options.Value.Conversation, time));
    private readonly ILogger _logger = loggers.CreateLogger("StreamLip.Server.Conversation");
    private readonly SemaphoreSlim _whisperLoad = new(1, 1);
    private WhisperModel? _whisper;

    private ConversationOptions Options => options.Value.Conversation;

    /// <summary>The responder every conversation uses (the endpoint's model, or <c>echo</c>).</summary>
    public IChatResponder Responder => _responder.Value;

    /// <summary>Makes a recogniser for a new conversation (replaced in tests).</summary>
    internal Func<CancellationToken, Task<ISpeechRecognizer>>? RecognizerFactory { get; set; }

    /// <summary>True while session <paramref name="sessionId"/> is in conversation mode.</summary>
    public bool IsRunning(string sessionId) => _running.ContainsKey(sessionId);

    /// <summary>Puts session <paramref name="sessionId"/> in conversation mode (nothing more when it is already).</summary>
    /// <returns>"recogniser → responder", e.g. <c>sphinx → echo</c>.</returns>
    /// <exception cref="SpeechException">Unknown session (404), a session without a microphone (409), the recogniser
    /// cannot start (503, naming what to install).</exception>
    public async Task<string> StartAsync(string sessionId, CancellationToken cancellationToken)
    {
        RealtimeSession session = engine.Engine.Find(sessionId)
            ?? throw new SpeechException(StatusCodes.Status404NotFound, "Unknown session", $"No session '{sessionId}' runs here (it may have ended).");
        if (session.Transport is null)
        {
            throw new SpeechException(StatusCodes.Status409Conflict, "No microphone", $"Session '{sessionId}' has no microphone to listen to: conversation mode needs a session started by a WebRTC offer (the page, or POST /api/webrtc/offer).");
        }

        var created = new TaskCompletionSource<ConversationSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<ConversationSession> running = _running.GetOrAdd(sessionId, created.Task);
        if (running != created.Task)
        {
            return (await running.ConfigureAwait(false)).Describe();
        }

        try
        {
            ConversationSession conversation = await CreateAsync(session, cancellationToken).ConfigureAwait(false);
            session.MirrorsMicrophone = false;
            created.SetResult(conversation);
            _ = session.Completion.ContinueWith(_ => StopAsync(sessionId), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            Log.Started(_logger, sessionId, conversation.Describe());
            return conversation.Describe();
        }
        catch (Exception e)
        {
            _running.TryRemove(sessionId, out _);
            created.SetException(e);
            _ = created.Task.Exception; // observed: the caller gets e
            throw;
        }
    }

    /// <summary>Ends conversation mode of session <paramref name="sessionId"/> (its microphone mirrors again); false when it was not on.</summary>
    public async Task<bool> StopAsync(string sessionId)
    {
        if (!_running.TryRemove(sessionId, out Task<ConversationSession>? running))
        {
            return false;
        }

        ConversationSession conversation;
        try
        {
            conversation = await running.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SpeechException or OperationCanceledException)
        {
            return false;
        }

        await conversation.DisposeAsync().ConfigureAwait(false);
        if (engine.Engine.Find(sessionId) is { } session)
        {
            session.MirrorsMicrophone = true;
        }

        Log.Stopped(_logger, sessionId);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_responder.IsValueCreated && _responder.Value is IDisposable d)
        {
            d.Dispose();
        }

        _whisper?.Dispose(); // freed when the last conversation's recogniser is gone too
        _whisperLoad.Dispose();
    }

    private static IChatResponder CreateResponder(ConversationOptions o, TimeProvider time) =>
        o.Llm.BaseUrl is null ? new EchoResponder() : new OpenAiChatResponder(o, time);

    private async Task<ConversationSession> CreateAsync(RealtimeSession session, CancellationToken cancellationToken)
    {
        ISpeechRecognizer recognizer;
        try
        {
            recognizer = await (RecognizerFactory ?? CreateRecognizerAsync)(cancellationToken).ConfigureAwait(false);
        }
        catch (RecognitionException e)
        {
            throw new SpeechException(StatusCodes.Status503ServiceUnavailable, "Speech recognition unavailable", e.Message);
        }

        var voice = new SessionVoice(session, time, options.Value.Speech.MaxQueuedUtterances);
        string? voiceName = Options.Voice;
        return new ConversationSession(
            voice,
            recognizer,
            Responder,
            (text, ct) => tts.SynthesizeAsync(text, voiceName, null, ct),
            new HubConversationEvents(hub, session.Id, metrics),
            Options,
            time,
            _logger,
            onDisposed: voice.Dispose);
    }

    private Task<ISpeechRecognizer> CreateRecognizerAsync(CancellationToken cancellationToken) => Options.Recognizer switch
    {
        "openai" => Task.FromResult<ISpeechRecognizer>(new OpenAiTranscriptionRecognizer(Options.Transcription)),
        "whisper" => CreateWhisperAsync(cancellationToken),
        _ => Task.Run<ISpeechRecognizer>(() => SphinxRecognizer.Load(Options.Sphinx.ModelDirectory, Options.Sphinx.ArgumentList()), cancellationToken),
    };

    // The model is loaded once, by the first conversation (a failure is not kept: the next start tries again).
    private async Task<ISpeechRecognizer> CreateWhisperAsync(CancellationToken cancellationToken)
    {
        await _whisperLoad.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_whisper is null)
            {
                _whisper = await Task.Run(() => WhisperModel.Load(Options.Whisper), cancellationToken).ConfigureAwait(false);
                WhisperModelLayout m = _whisper.Layout;
                Log.WhisperLoaded(_logger, Options.Whisper.ModelPath!, m.State, m.AudioLayers, m.Multilingual ? "multilingual" : "English-only", _whisper.LoadTime.TotalMilliseconds);
            }

            return _whisper.CreateRecognizer();
        }
        finally
        {
            _whisperLoad.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 805, Level = LogLevel.Information, Message = "Session {SessionId} is in conversation mode ({Pipeline})")]
        public static partial void Started(ILogger logger, string sessionId, string pipeline);

        [LoggerMessage(EventId = 806, Level = LogLevel.Information, Message = "Session {SessionId} left conversation mode")]
        public static partial void Stopped(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 808, Level = LogLevel.Information, Message = "Whisper model {ModelPath} loaded in {LoadMs:F0} ms (state {State}, {Layers} layers, {Languages})")]
        public static partial void WhisperLoaded(ILogger logger, string modelPath, int state, int layers, string languages, double loadMs);
    }
}
