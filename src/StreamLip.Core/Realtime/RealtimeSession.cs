using System.Collections.Concurrent;
using StreamLip.Audio;
using StreamLip.Avatars;
using StreamLip.Stages;
using StreamLip.Realtime.Audio;
using StreamLip.Realtime.Batching;
using StreamLip.Realtime.Pacing;
using StreamLip.Realtime.Speech;
using StreamLip.Realtime.Transport;

namespace StreamLip.Realtime;

/// <summary>
/// One viewer's real-time line (shared/DESIGN.md "The path of one frame"), which this class wires and owns but does not
/// run: microphone chunks → <see cref="SessionAudioStage"/> (timeline, streaming mel, windows) → its
/// <see cref="BatchLane"/> into the engine's <see cref="SharedBatcher"/> → its <see cref="ComposeStage"/> → the
/// <see cref="SessionPacer"/>, which sends a frame and its audio every 40 ms on the session clock. Each stage owns the
/// bounded channel in front of it and writes forward into the next; none calls back into the one before it. What they
/// share (clock, counts, deadline, failure) is the <see cref="SessionContext"/>. Made by <see cref="RealtimeEngine.StartSession"/>.
/// </summary>
/// <remarks>
/// Buffers: every queue between stages is a bounded channel that drops its oldest item when full and returns that
/// item's pooled buffer; see <see cref="AudioChunk"/>, <see cref="FrameJob"/>, <see cref="GeneratedFace"/>,
/// <see cref="FrameResult"/> for who returns what. The session owns its transport and disposes it when it stops.
/// </remarks>
public sealed partial class RealtimeSession : IAsyncDisposable
{
    private readonly RealtimeEngine _engine;
    private readonly SessionContext _context;
    private readonly SessionClock _clock;
    private readonly SessionCounters _counters;
    private readonly RealtimeMetrics? _metrics;
    private readonly AudioRing _ring = new();
    private readonly SessionAudioStage _audioStage;
    private readonly BatchLane _lane;
    private readonly ComposeStage _compose;
    private readonly SessionPacer _pacer;
    private readonly SpeechFeeder _speech;
    private readonly ConcurrentDictionary<IMediaSink, Action<Exception>> _outputHandlers = new(ReferenceEqualityComparer.Instance);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _audioLoop = Task.CompletedTask;
    private Task _composeLoop = Task.CompletedTask;
    private int _stopping;
    private int _failed;

    internal RealtimeSession(RealtimeEngine engine, string id, string avatarName, Avatar avatar, ISessionTransport? transport, SessionClock clock)
    {
        _engine = engine;
        Id = id;
        AvatarName = avatarName;
        Avatar = avatar;
        Transport = transport;
        _clock = clock;
        _metrics = engine.Metrics;
        StartedAt = clock.Time.GetUtcNow();
        _context = new SessionContext(clock, avatar, _metrics, Fail);
        _counters = _context.Counters;

        // Wired from the end back, each stage given the writer of the one after it.
        RealtimeOptions options = engine.Options;
        _pacer = new SessionPacer(_context, transport, _ring, AudioCovers, OnOutputFailed, engine.Margins);
        _context.Pacer = _pacer;
        _compose = new ComposeStage(avatar, 2 * options.BatchPerSession, _pacer.Input, clock.Time, _context);
        _lane = new BatchLane(_context, 2 * options.BatchPerSession, _compose.Input, engine.Batcher);
        _audioStage = new SessionAudioStage(_context, options.AudioQueueChunks, _ring, _lane, _pacer.Input, engine.AlignmentOffsetFrames)
        {
            CutEnded = _pacer.EndCut,
        };
        _speech = new SpeechFeeder(clock.Time, _audioStage.Hear, u => UtteranceStarted?.Invoke(this, u), (u, interrupted) => UtteranceFinished?.Invoke(this, u, interrupted));
        _audioStage.SpeechPlaying = () => _speech.IsActive;
    }

    /// <summary>The session's id (used in URLs and stats).</summary>
    public string Id { get; }

    /// <summary>The avatar's name.</summary>
    public string AvatarName { get; }

    /// <summary>The avatar shown (shared with other sessions; owned by whoever loaded it).</summary>
    public Avatar Avatar { get; }

    /// <summary>The peer the session was opened with (its microphone drives the mouth), or null for a session driven
    /// only by pushed audio and watched through outputs; disposed when the session stops.</summary>
    public ISessionTransport? Transport { get; }

    /// <summary>Outputs fed now besides <see cref="Transport"/> (a snapshot).</summary>
    public IReadOnlyList<IMediaSink> Outputs => _pacer.Outputs;

    /// <summary>
    /// True (the default): the microphone drives the mouth whenever no pushed speech plays. False: the microphone is
    /// only heard by whoever listens to <see cref="ISessionTransport.MicrophoneAudio"/> (conversation mode, where the
    /// avatar answers the user instead of mouthing the user's words); its chunks still count as the session's activity.
    /// </summary>
    public bool MirrorsMicrophone
    {
        get => _audioStage.MirrorsMicrophone;
        set => _audioStage.MirrorsMicrophone = value;
    }

    /// <summary>When the session started (UTC, from the injected clock).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>D: frame i is sent D after its own time.</summary>
    public TimeSpan LatencyBudget => _clock.Latency;

    /// <summary>Completes when the session has stopped and released everything.</summary>
    public Task Completion => _completion.Task;

    /// <summary>True once the session is stopping or stopped.</summary>
    public bool IsStopped => Volatile.Read(ref _stopping) != 0;

    /// <summary>Raised once, on any thread, when the transport or the generator fails; the session then stops.</summary>
    public event Action<RealtimeSession, Exception>? Failed;

    /// <summary>Raised, on any thread, when an added output fails (it throws, or raises its own
    /// <see cref="IMediaSink.Failed"/>): it has been removed and is disposed after the handlers ran; the session goes on.</summary>
    public event Action<RealtimeSession, IMediaSink, Exception>? OutputFailed;

    /// <summary>Items between the microphone and the pacer's queue (tests wait for 0).</summary>
    internal long InFlight => _context.InFlight;

    /// <summary>Microphone chunks queued but not yet processed by the audio loop (tests wait for 0).</summary>
    internal long AudioPending => _audioStage.Pending;

    /// <summary>The next frame the pacer sends; anything below is past its deadline.</summary>
    internal long NextFrame => _pacer.NextFrame;

    /// <summary>The counts and delays so far.</summary>
    public SessionStats GetStats()
    {
        var delay = _counters.Delay.Percentiles();
        var processing = _counters.Processing.Percentiles();
        var sendLag = _counters.SendLag.Percentiles();
        VideoEncoding? video = Transport?.VideoEncoding;
        return new SessionStats
        {
            Id = Id,
            Avatar = AvatarName,
            StartedAt = StartedAt,
            ElapsedSeconds = _clock.Elapsed.TotalSeconds,
            LatencyBudgetMs = LatencyBudget.TotalMilliseconds,
            FramesDue = NextFrame,
            FramesSent = SessionCounters.Read(ref _counters.FramesSent),
            FramesGenerated = SessionCounters.Read(ref _counters.FramesGenerated),
            FramesSilent = SessionCounters.Read(ref _counters.FramesSilent),
            FramesIdle = SessionCounters.Read(ref _counters.FramesIdle),
            FramesLate = SessionCounters.Read(ref _counters.FramesLate),
            FramesMissed = SessionCounters.Read(ref _counters.FramesMissed),
            AudioChunks = SessionCounters.Read(ref _counters.AudioChunks),
            AudioChunksDropped = SessionCounters.Read(ref _counters.AudioChunksDropped) + SessionCounters.Read(ref _counters.AudioChunksAhead),
            AudioSeconds = SessionCounters.Read(ref _counters.AudioSamples) / (double)MelSpectrogram.SampleRate,
            JobsDropped = SessionCounters.Read(ref _counters.JobsDropped) + SessionCounters.Read(ref _counters.JobsStale),
            DelayP50Ms = delay?.P50,
            DelayP95Ms = delay?.P95,
            ProcessingP50Ms = processing?.P50,
            ProcessingP95Ms = processing?.P95,
            AvOffsetMs = _pacer.LastAvOffset.TotalMilliseconds,
            SendLagP95Ms = sendLag?.P95,
            SendLagMaxMs = sendLag?.Max,
            Outputs = _pacer.Outputs.Count,
            HasMicrophone = Transport is not null,
            PlacementP50Ms = _counters.Placement.Percentiles()?.P50,
            AudioChunksShed = SessionCounters.Read(ref _counters.AudioChunksShed),
            FramesThinned = SessionCounters.Read(ref _counters.FramesThinned),
            FramesHeld = SessionCounters.Read(ref _counters.FramesHeld),
            FrameRate = FrameRate,
            DegradedAt = DegradedAt,
            VideoCodec = video?.Codec,
            VideoEncoder = video?.Encoder,
        };
    }

    /// <summary>Stops the session: no more frames are sent, queued buffers go back, the transport is disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) != 0)
        {
            await Completion.ConfigureAwait(false);
            return;
        }

        if (Transport is not null)
        {
            Transport.MicrophoneAudio -= _audioStage.HearMicrophone;
            Transport.Failed -= Fail;
        }

        _speech.Dispose();
        _context.Close();
        _engine.Batcher.Unregister(_lane);
        _engine.Detach(this);
        IReadOnlyList<IMediaSink> outputs = _pacer.Outputs;
        _pacer.Dispose();
        _pacer.Input.TryComplete(); // what the stages still make goes back to the pool
        foreach (IMediaSink output in outputs)
        {
            Unsubscribe(output);
            DisposeOutput(output);
        }
        _audioStage.Complete();
        _lane.Complete();
        _compose.Input.TryComplete();
        await Task.WhenAll(_audioLoop, _composeLoop).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
        _audioStage.Drain();
        _lane.Drain();
        _compose.Drain();
        _context.Emptied();
        _compose.Dispose();
        try
        {
            Transport?.Dispose();
        }
        finally
        {
            _engine.Release(this);
            _completion.TrySetResult();
        }
    }

    /// <summary>Starts the loops and the pacer; the session clock already runs.</summary>
    internal void Start()
    {
        if (Transport is not null)
        {
            Transport.MicrophoneAudio += _audioStage.HearMicrophone;
            Transport.Failed += Fail;
        }

        _engine.Batcher.Register(_lane);
        // No cancellation token: the loops end when their inputs are completed (at stop), and a channel wait with a token
        // that can be cancelled allocates its operation each time (≈ 144 B per microphone chunk), one without reuses it.
        _audioLoop = Task.Run(() => _audioStage.RunAsync(CancellationToken.None));
        _composeLoop = Task.Run(() => _compose.RunAsync(CancellationToken.None));
        _pacer.Start();
    }

    /// <summary>Ends the session because something broke; raises <see cref="Failed"/> once.</summary>
    internal void Fail(Exception error)
    {
        if (Interlocked.Exchange(ref _failed, 1) != 0 || IsStopped)
        {
            return;
        }

        _context.Close();
        try
        {
            Failed?.Invoke(this, error);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A handler's bug must neither keep the session from stopping nor escape onto the caller's thread (the
            // pacer's timer, the batcher, a GStreamer thread), where it would end the process or every session.
        }

        // Stop off this thread: the caller may hold the pacer's lock or be a transport thread.
        _ = Task.Run(async () => await DisposeAsync().ConfigureAwait(false));
    }

    /// <summary>
    /// Feeds <paramref name="output"/> the same frames and audio as the session's peer from the next frame on. The session
    /// owns it from here: it is disposed when it fails or the session stops, unless <see cref="RemoveOutput"/> hands it
    /// back first.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The session has stopped (the output is not taken).</exception>
    public void AddOutput(IMediaSink output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ObjectDisposedException.ThrowIf(IsStopped, this);
        Action<Exception> onError = e => OnOutputFailed(output, e);
        if (!_outputHandlers.TryAdd(output, onError))
        {
            throw new ArgumentException("The output is fed already.", nameof(output));
        }

        output.Failed += onError;
        try
        {
            _pacer.AddOutput(output);
        }
        catch
        {
            output.Failed -= onError;
            _outputHandlers.TryRemove(output, out _);
            throw;
        }
    }

    /// <summary>Stops feeding <paramref name="output"/> and hands it back to the caller (not disposed); false when it is
    /// not fed (never added, failed, or the session stopped). No push to it runs after this returns.</summary>
    public bool RemoveOutput(IMediaSink output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!_pacer.RemoveOutput(output))
        {
            return false;
        }

        Unsubscribe(output);
        return true;
    }

    // The pacer caught an exception from the output (under its lock, already removed), or the output raised Failed
    // itself (any thread). Either way: report once, then dispose it off the caller's thread.
    private void OnOutputFailed(IMediaSink output, Exception error)
    {
        _pacer.RemoveOutput(output);
        if (!_outputHandlers.TryRemove(output, out Action<Exception>? onError))
        {
            return; // reported already, or handed back
        }

        output.Failed -= onError;
        _metrics?.OutputsFailed.Add(1);
        OutputFailed?.Invoke(this, output, error);
        _ = Task.Run(() => DisposeOutput(output));
    }

    private void Unsubscribe(IMediaSink output)
    {
        if (_outputHandlers.TryRemove(output, out Action<Exception>? onError))
        {
            output.Failed -= onError;
        }
    }

    private static void DisposeOutput(IMediaSink output)
    {
        try
        {
            output.Dispose();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An output that fails to close must not stop the others from closing; its failure was reported already.
        }
    }

    private bool AudioCovers(long frame) =>
        frame >= _audioStage.SegmentFrame0 && frame * Realtime.LatencyBudget.SamplesPerFrame < _ring.End;
}
