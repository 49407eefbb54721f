using System.Buffers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.AI;
using StreamLip.Audio;
using StreamLip.Conversation;
using StreamLip.Realtime.Speech;
using StreamLip.Server.Conversation.Recognition;
using StreamLip.Server.Conversation.Responders;
using StreamLip.Server.Options;
using StreamLip.Server.Speech;

namespace StreamLip.Server.Conversation;

/// <summary>
/// One session's conversation: microphone → voice activity → speech recognition (fed as the user speaks) → the
/// language model (streamed) → one speech synthesis per sentence, queued on the avatar as each is complete, so the
/// first sentence plays while the model still writes. Speech that starts while the avatar talks, or while a reply is
/// on its way, interrupts the avatar and cancels the reply (barge-in). While the avatar is audible the detector needs
/// the louder barge-in level, so its own voice fed back by a browser without echo cancellation does not count.
/// </summary>
/// <remarks>
/// Threads: the microphone handler only copies into a bounded channel (256 chunks, ≈ 5 s of WebRTC's 20 ms chunks:
/// a decoder that falls behind for a moment catches up without losing words; beyond it the oldest is dropped, pooled buffers
/// returned by the loop or the drop); one loop runs detection and recognition; each turn runs as its own task.
/// The recogniser is owned (disposed here); the responder and synthesis are shared.
/// </remarks>
internal sealed partial class ConversationSession : IVoiceActivitySink, IAsyncDisposable
{
    private const int MicQueueChunks = 256;
    private readonly IConversationVoice _voice;
    private readonly ISpeechRecognizer _recognizer;
    private readonly IChatResponder _responder;
    private readonly Func<string, CancellationToken, Task<float[]>> _synthesize;
    private readonly IConversationEvents _events;
    private readonly ConversationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly VoiceActivityDetector _vad;
    private readonly Channel<(float[] Samples, int Count)> _mic;
    private readonly List<ChatMessage> _history = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Action? _onDisposed;
    private Turn? _turn;
    private long _turns;
    private long _speechEndedAt;
    private double _hangoverMs;
    private bool _ended;
    private long _sincePartial; // samples since the last partial result
    private string? _lastPartial;
    private int _disposed;

    public ConversationSession(
        IConversationVoice voice,
        ISpeechRecognizer recognizer,
        IChatResponder responder,
        Func<string, CancellationToken, Task<float[]>> synthesize,
        IConversationEvents events,
        ConversationOptions options,
        TimeProvider time,
        ILogger logger,
        Action? onDisposed = null)
    {
        _onDisposed = onDisposed;
        _voice = voice;
        _recognizer = recognizer;
        _responder = responder;
        _synthesize = synthesize;
        _events = events;
        _options = options;
        _time = time;
        _logger = logger;
        _vad = new VoiceActivityDetector(options.Vad);
        _mic = Channel.CreateBounded<(float[], int)>(
            new BoundedChannelOptions(MicQueueChunks) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            static dropped => ArrayPool<float>.Shared.Return(dropped.Item1));
        _voice.Microphone += OnMicrophone;
        _loop = Task.Run(() => ListenAsync(_stop.Token));
    }

    /// <summary>The recogniser's engine and the responder's name (for logs and the page).</summary>
    public string Describe() => $"{_recognizer.Engine} → {_responder.Name}";

    /// <summary>The reply task in progress, if any (tests wait on it).</summary>
    internal Task? CurrentTurn
    {
        get
        {
            lock (_gate)
            {
                return _turn?.Task;
            }
        }
    }

    /// <summary>Messages of history kept now (tests check the limit).</summary>
    internal int HistoryCount
    {
        get
        {
            lock (_gate)
            {
                return _history.Count;
            }
        }
    }

    /// <summary>Microphone chunks waiting for the loop (tests wait for 0).</summary>
    internal int Pending => _mic.Reader.Count;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _voice.Microphone -= OnMicrophone;
        _mic.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        Task? turn = CancelTurn();
        try
        {
            await _loop.ConfigureAwait(false);
            if (turn is not null)
            {
                await turn.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        while (_mic.Reader.TryRead(out var chunk))
        {
            ArrayPool<float>.Shared.Return(chunk.Samples);
        }

        _recognizer.Dispose();
        _stop.Dispose();
        _onDisposed?.Invoke();
    }

    void IVoiceActivitySink.OnSpeechStarted(ReadOnlySpan<float> onset, long startSample)
    {
        // Barge-in: the user speaks over the avatar, or over a reply still being written.
        Task? cancelled = CancelTurn(out long turn);
        bool stopped = _voice.Interrupt();
        if (cancelled is not null || stopped)
        {
            Log.BargeIn(_logger, turn);
            _events.BargeIn(turn);
        }

        _lastPartial = null;
        _sincePartial = onset.Length;
        _recognizer.Begin();
        _recognizer.Write(onset);
    }

    void IVoiceActivitySink.OnSpeech(ReadOnlySpan<float> frame)
    {
        _recognizer.Write(frame);
        _sincePartial += frame.Length;
        if (_sincePartial * 1000L < _options.PartialIntervalMs * (long)MelSpectrogram.SampleRate)
        {
            return; // counted in audio, not wall time: at the pace the user speaks, and the same in a test's burst
        }

        _sincePartial = 0;
        string? partial = _recognizer.Partial();
        if (partial is not null && !string.Equals(partial, _lastPartial, StringComparison.Ordinal))
        {
            _lastPartial = partial;
            _events.Transcript(partial, final: false);
        }
    }

    void IVoiceActivitySink.OnSpeechEnded(long lastVoicedSample, bool forced)
    {
        _ended = true;
        _speechEndedAt = _time.GetTimestamp();
        _hangoverMs = (_vad.Position - lastVoicedSample) * 1000.0 / MelSpectrogram.SampleRate;
    }

    // Transport thread: copy and hand on; never blocks.
    private void OnMicrophone(ReadOnlySpan<float> samples)
    {
        if (samples.IsEmpty)
        {
            return;
        }

        float[] buffer = ArrayPool<float>.Shared.Rent(samples.Length);
        samples.CopyTo(buffer);
        if (!_mic.Writer.TryWrite((buffer, samples.Length)))
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var echoTail = TimeSpan.FromMilliseconds(_options.EchoTailMs);
        await foreach (var (samples, count) in _mic.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                _vad.Process(samples.AsSpan(0, count), _voice.IsAudible(echoTail), this);
                if (_ended)
                {
                    _ended = false;
                    StartTurn(_recognizer.FinishAsync(cancellationToken));
                }
            }
            catch (RecognitionException e)
            {
                Log.RecognitionFailed(_logger, e.Message);
                _events.Error(e.Message);
                _ended = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever broke one chunk must not leave the conversation deaf: said, logged, and the next chunk heard.
                Log.ListenFailed(_logger, e);
                _events.Error($"Listening failed: {e.Message}");
                _ended = false;
            }
            finally
            {
                ArrayPool<float>.Shared.Return(samples);
            }
        }
    }

    private void StartTurn(Task<string> transcript)
    {
        lock (_gate)
        {
            long id = ++_turns;
            var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var clock = new TurnClock(_time, _speechEndedAt, _hangoverMs);
            var task = Task.Run(() => RunTurnAsync(id, transcript, clock, cts.Token));
            _turn = new Turn(id, cts, task);
            _ = task.ContinueWith(_ => cts.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private Task? CancelTurn() => CancelTurn(out _);

    // Cancels the turn in progress (under the gate, so no sentence of it is queued after this); returns its task.
    private Task? CancelTurn(out long turn)
    {
        lock (_gate)
        {
            turn = _turn?.Id ?? _turns;
            if (_turn is not { } t || t.Task.IsCompleted)
            {
                return null;
            }

            t.Cancellation.Cancel();
            _turn = null;
            return t.Task;
        }
    }

    private async Task RunTurnAsync(long id, Task<string> transcript, TurnClock clock, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = (await transcript.ConfigureAwait(false)).Trim();
        }
        catch (RecognitionException e)
        {
            Log.RecognitionFailed(_logger, e.Message);
            _events.Error(e.Message);
            return;
        }

        clock.Recognized();
        _events.Transcript(text, final: true);
        if (text.Length == 0 || cancellationToken.IsCancellationRequested)
        {
            return;
        }

        List<ChatMessage> history = Remember(new ChatMessage(ChatRole.User, text));
        var reply = new StringBuilder();
        var splitter = new SentenceSplitter();
        try
        {
            await foreach (string delta in _responder.RespondAsync(history, cancellationToken).ConfigureAwait(false))
            {
                clock.Token();
                string piece = delta.Length + reply.Length > _options.MaxReplyCharacters ? delta[..(_options.MaxReplyCharacters - reply.Length)] : delta;
                reply.Append(piece);
                _events.ReplyDelta(id, piece);
                foreach (string sentence in splitter.Add(piece))
                {
                    await SpeakAsync(sentence, clock, cancellationToken).ConfigureAwait(false);
                }

                if (reply.Length >= _options.MaxReplyCharacters)
                {
                    break;
                }
            }

            if (splitter.Flush() is { } rest)
            {
                await SpeakAsync(rest, clock, cancellationToken).ConfigureAwait(false);
            }

            Remember(new ChatMessage(ChatRole.Assistant, reply.ToString().Trim()));
            _events.ReplyFinished(id, reply.ToString().Trim(), interrupted: false);
            if (clock.Timings(id, _voice.Latency) is { } timings)
            {
                Log.TurnTimed(_logger, id, timings.ToFirstMouthMs, timings.HangoverMs, timings.RecognitionMs, timings.FirstTokenMs, timings.SynthesisMs);
                _events.Timings(timings);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (reply.Length > 0)
            {
                Remember(new ChatMessage(ChatRole.Assistant, reply.ToString().Trim()));
            }

            _events.ReplyFinished(id, reply.ToString().Trim(), interrupted: true);
        }
        catch (ObjectDisposedException)
        {
            // The session ended while its reply was on its way: nobody is left to hear it.
        }
        catch (Exception e) when (e is ResponderException or SpeechException or SpeechQueueFullException)
        {
            Log.ReplyFailed(_logger, id, e.Message);
            _events.Error(e.Message);
            _events.ReplyFinished(id, reply.ToString().Trim(), interrupted: true);
            if (e is ResponderException && _options.SpeakErrors)
            {
                await TrySpeakAsync("Sorry, I cannot reach my language model right now.", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task SpeakAsync(string sentence, TurnClock clock, CancellationToken cancellationToken)
    {
        clock.Sentence();
        float[] samples = await _synthesize(sentence, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            // Checked under the gate: a barge-in cancels under it, so nothing of this turn is queued after it.
            cancellationToken.ThrowIfCancellationRequested();
            _voice.Speak(samples, sentence);
        }

        clock.Queued();
    }

    private async Task TrySpeakAsync(string sentence, CancellationToken cancellationToken)
    {
        try
        {
            float[] samples = await _synthesize(sentence, cancellationToken).ConfigureAwait(false);
            _voice.Speak(samples, sentence);
        }
        catch (Exception e) when (e is OperationCanceledException or SpeechException or SpeechQueueFullException or ObjectDisposedException)
        {
            // The error event has gone out already; saying it too is a courtesy.
        }
    }

    // Adds a message (dropping the oldest past the limit) and returns the history to send.
    private List<ChatMessage> Remember(ChatMessage message)
    {
        lock (_gate)
        {
            _history.Add(message);
            int excess = _history.Count - _options.MaxHistoryMessages;
            if (excess > 0)
            {
                _history.RemoveRange(0, Math.Min(excess, _history.Count - 1)); // the new message itself always goes
            }

            return [.. _history];
        }
    }

    private sealed record Turn(long Id, CancellationTokenSource Cancellation, Task Task);
}
