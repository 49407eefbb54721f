using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StreamLip.Media.Audio;
using StreamLip.Realtime;
using StreamLip.Realtime.Speech;
using StreamLip.Server.Avatars;
using StreamLip.Server.Hosting;
using StreamLip.Server.Hubs;
using StreamLip.Server.Options;
using StreamLip.Server.Security;

namespace StreamLip.Server.Speech;

/// <summary>
/// Pushed speech for the HTTP API and the hub: sessions without a microphone, text to speech, uploaded files, PCM
/// streams, interrupts, and the utterance events sent to the SignalR group of each watched session. Thread-safe.
/// </summary>
internal sealed class SpeechService(
    EngineHost engine,
    AvatarCatalog avatars,
    EspeakSynthesizer tts,
    ViewerTokens tokens,
    SessionQuota quota,
    IOptions<ServerOptions> options,
    IHubContext<StreamLipHub, IStreamLipClient> hub,
    ILogger<SpeechService> logger)
{
    private readonly ConcurrentDictionary<string, RealtimeSession> _announced = new(StringComparer.Ordinal);

    private SpeechOptions Options => options.Value.Speech;

    /// <summary>The SignalR group that hears a session's utterance events.</summary>
    public static string Group(string sessionId) => "speech:" + sessionId;

    /// <summary>Starts a session with no microphone (driven by pushed speech, watched through outputs/viewers) and issues its viewer token.</summary>
    /// <exception cref="AvatarNotFoundException">No such avatar.</exception>
    /// <exception cref="SessionLimitException">The server is full, or the caller's API key runs its most sessions.</exception>
    /// <param name="avatar">Avatar name; null for the default.</param>
    /// <param name="keyId">The caller's API key id, counted against its limit; null: not counted.</param>
    /// <param name="sessionId">The id to give it (a cluster names a session before placing it); null: a new one.</param>
    public (RealtimeSession Session, string ViewerToken) Start(string? avatar, string? keyId, string? sessionId = null)
    {
        var (name, loaded) = avatars.Get(avatar);
        quota.Acquire(keyId);
        RealtimeSession session;
        try
        {
            session = engine.Engine.StartSession(name, loaded, transport: null, sessionId);
        }
        catch
        {
            quota.Release(keyId);
            throw;
        }

        quota.ReleaseWhenDone(keyId, session);
        string token = tokens.Issue(session.Id);
        _ = session.Completion.ContinueWith(_ => tokens.Revoke(session.Id), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        logger.SessionStarted(session.Id, name, engine.Engine.ActiveSessions, engine.Engine.Options.MaxSessions);
        Announce(session);
        return (session, token);
    }

    /// <summary>The running session <paramref name="id"/>, its events announced to its group.</summary>
    /// <exception cref="SpeechException">No such session (404).</exception>
    public RealtimeSession Find(string id)
    {
        RealtimeSession session = engine.Engine.Find(id)
            ?? throw new SpeechException(StatusCodes.Status404NotFound, "Unknown session", $"No session '{id}' runs here (it may have ended).");
        Announce(session);
        return session;
    }

    /// <summary>Synthesises <paramref name="text"/> and queues it on session <paramref name="id"/>.</summary>
    /// <exception cref="SpeechException">Unknown session (404), empty text (400), too long (413), unknown voice or rate (400), queue full (429), espeak-ng missing (503).</exception>
    public async Task<Utterance> SpeakAsync(string id, string? text, string? voice, int? rate, CancellationToken cancellationToken)
    {
        RealtimeSession session = Find(id);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SpeechException(StatusCodes.Status400BadRequest, "No text", "There is nothing to say ('text' is empty).");
        }

        if (text.Length > Options.MaxTextLength)
        {
            throw new SpeechException(StatusCodes.Status413PayloadTooLarge, "Text too long", $"The text is {text.Length} characters; at most {Options.MaxTextLength} are spoken at once (StreamLip:Speech:MaxTextLength).");
        }

        CheckRoom(session);
        float[] samples = await tts.SynthesizeAsync(text, voice, rate, cancellationToken).ConfigureAwait(false);
        return Enqueue(session, samples, text.Length <= 80 ? text : text[..77] + "...");
    }

    /// <summary>Decodes an audio file (anything GStreamer reads) and queues it on session <paramref name="id"/>.</summary>
    /// <exception cref="SpeechException">Unknown session (404), not audio (400 with the decoder's reason), longer than
    /// <see cref="SpeechOptions.MaxUploadSeconds"/> (413), queue full (429).</exception>
    public async Task<Utterance> EnqueueFileAsync(string id, string path, string label, CancellationToken cancellationToken)
    {
        RealtimeSession session = Find(id);
        CheckRoom(session);
        float[] samples;
        try
        {
            var budget = TimeSpan.FromSeconds(Options.MaxUploadSeconds);
            samples = await Task.Run(() => AudioFileDecoder.Decode(path, 16000, 1, budget, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (AudioTooLongException e)
        {
            throw new SpeechException(
                StatusCodes.Status413PayloadTooLarge,
                "Audio too long",
                $"{e.Message.Replace(path, label, StringComparison.Ordinal)} (StreamLip:Speech:MaxUploadSeconds)");
        }
        catch (InvalidDataException e)
        {
            throw new SpeechException(StatusCodes.Status400BadRequest, "Not playable audio", e.Message.Replace(path, label, StringComparison.Ordinal));
        }

        return Enqueue(session, samples, label);
    }

    /// <summary>Opens a PCM stream on session <paramref name="id"/>.</summary>
    /// <exception cref="SpeechException">Unknown session (404), rate or channels out of range (400), queue full (429).</exception>
    public SpeechStream OpenStream(string id, int rate, int channels)
    {
        RealtimeSession session = Find(id);
        if (rate is < 8000 or > 48000 || channels is < 1 or > 2)
        {
            throw new SpeechException(StatusCodes.Status400BadRequest, "Bad PCM format", $"The stream is {rate} Hz × {channels} channels; rate must be 8000..48000 and channels 1..2 (s16le interleaved).");
        }

        try
        {
            return session.OpenStream(rate, channels, "stream", Options.MaxQueuedUtterances);
        }
        catch (SpeechQueueFullException e)
        {
            throw QueueFull(e);
        }
    }

    /// <summary>Interrupts session <paramref name="id"/>; false when nothing was playing.</summary>
    public bool Interrupt(string id) => Find(id).Interrupt();

    private Utterance Enqueue(RealtimeSession session, float[] samples, string label)
    {
        try
        {
            return session.Enqueue(samples, label, Options.MaxQueuedUtterances);
        }
        catch (SpeechQueueFullException e)
        {
            throw QueueFull(e);
        }
        catch (ObjectDisposedException)
        {
            throw new SpeechException(StatusCodes.Status404NotFound, "Unknown session", $"Session '{session.Id}' ended.");
        }
    }

    private void CheckRoom(RealtimeSession session)
    {
        if (session.QueuedUtterances >= Options.MaxQueuedUtterances)
        {
            throw QueueFull(new SpeechQueueFullException(Options.MaxQueuedUtterances));
        }
    }

    private static SpeechException QueueFull(SpeechQueueFullException e) =>
        new(StatusCodes.Status429TooManyRequests, "Speech queue full", e.Message + " (StreamLip:Speech:MaxQueuedUtterances)");

    // Sends the session's utterance events to its group (once per session, for as long as it runs).
    private void Announce(RealtimeSession session)
    {
        if (!_announced.TryAdd(session.Id, session))
        {
            return;
        }

        string group = Group(session.Id);
        session.UtteranceStarted += (s, u) => _ = hub.Clients.Group(group).UtteranceStarted(s.Id, u.Id);
        session.UtteranceFinished += (s, u, interrupted) => _ = hub.Clients.Group(group).UtteranceFinished(s.Id, u.Id, interrupted);
        _ = session.Completion.ContinueWith(_ => _announced.TryRemove(session.Id, out RealtimeSession? _), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }
}
