using System.Buffers;
using System.Threading.Channels;
using StreamLip.Audio;
using StreamLip.Avatars;
using StreamLip.Stages;
using StreamLip.Realtime.Audio;
using StreamLip.Realtime.Transport;

namespace StreamLip.Realtime.Pacing;

/// <summary>
/// Sends one frame and its 40 ms of audio every 40 ms on the session clock: frame i at t0 + D + i/25, with
/// PTS i/25 for both. It never waits for a frame: a composed frame if one is ready, the avatar's loop frame if the
/// window was silent or no audio covers the frame, else (late) the previous frame again.
/// </summary>
/// <remarks>
/// Driven by one one-shot <see cref="ITimer"/> of the injected <see cref="TimeProvider"/>, re-armed for the next
/// deadline after each tick (no drift, nothing allocated per frame; on a fake clock, ticks run inside Advance).
/// Ticks never overlap. Owns the composed frames it receives and returns them to the pool.
/// </remarks>
internal sealed class SessionPacer : IDisposable
{
    private readonly SessionClock _clock;
    private readonly Avatar _avatar;
    /// <summary>Frames a late tick still sends (120 ms): beyond that they are skipped.</summary>
    public const int MaxCatchUp = 3;

    private readonly IMediaSink? _transport;
    private readonly Action<IMediaSink, Exception> _outputFailed;
    private IMediaSink[] _outputs = [];
    private readonly Channel<FrameResult> _results;
    private readonly Func<long, bool> _thinned; // a frame left out while the session is degraded (no picture; its voice still goes)
    private readonly AudioRing _audio;
    private readonly SessionCounters _counters;
    private readonly RealtimeMetrics? _metrics;
    private readonly Func<long, bool> _audioCovers;
    private readonly Action<Exception> _fail;
    private readonly MarginEstimator? _margins;
    private readonly FrameSlots _slots = new();
    private readonly float[] _audioSlot = new float[LatencyBudget.SamplesPerFrame + SessionClock.MaxVoiceLeadSamples];
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private long _next;
    private long _lastVideoPts; // ticks
    private long _lastAudioPts; // ticks
    private byte[]? _lastComposed;
    private int _lastLoopFrame = -1;
    private bool _disposed;
    private long _cutFrom = long.MaxValue; // first frame at rest after an interrupt
    private long _cutTo = long.MaxValue;   // first frame after it with audio of its own again
    private long _cutSequence;
    private long _voiceSent; // timeline position up to which the voice has been sent (ahead of _next's slot by up to the lead)

    /// <summary>Samples over which the audio fades out at an interrupt (5 ms): no click, and nothing of the old speech after.</summary>
    public const int FadeSamples = 80;

    /// <param name="context">The session's clock, avatar (its loop frames show when no generated frame is needed),
    /// counts, frame step, and the way to fail it (once, if the transport throws).</param>
    /// <param name="transport">Where frames and audio go (none for a session without a peer of its own); its exceptions fail the session.</param>
    /// <param name="audio">The session timeline's audio.</param>
    /// <param name="audioCovers">True when audio has arrived for a frame's own time (so a missing frame is late, not idle).</param>
    /// <param name="outputFailed">Called (on the pacer's thread, under its lock) when an added output throws; the pacer has already dropped it.</param>
    /// <param name="margins">Where each generated frame's needed margin is recorded (the engine's estimate for later sessions), if anywhere.</param>
    public SessionPacer(
        SessionContext context,
        IMediaSink? transport,
        AudioRing audio,
        Func<long, bool> audioCovers,
        Action<IMediaSink, Exception> outputFailed,
        MarginEstimator? margins = null)
    {
        _margins = margins;
        _outputFailed = outputFailed;
        _clock = context.Clock;
        _avatar = context.Avatar;
        _transport = transport;
        // Composed frames and silent-window notices, in any order; a full queue (a stalled pacer) drops the oldest.
        _results = StageChannel.Create<FrameResult>(64, FullChannelPolicy.DropOldest, static r => r.Return());
        _audio = audio;
        _counters = context.Counters;
        _metrics = context.Metrics;
        _audioCovers = audioCovers;
        _fail = context.Fail;
        _thinned = context.IsThinned;
    }

    /// <summary>Composed frames and silent-window notices in (the compose and audio stages write here).</summary>
    public ChannelWriter<FrameResult> Input => _results.Writer;

    /// <summary>The next frame to send; frames below it are past their deadline.</summary>
    public long NextFrame => Interlocked.Read(ref _next);

    /// <summary>Audio PTS minus video PTS of the last slot sent.</summary>
    public TimeSpan LastAvOffset => TimeSpan.FromTicks(Interlocked.Read(ref _lastAudioPts) - Interlocked.Read(ref _lastVideoPts));

    /// <summary>The outputs now fed (a snapshot).</summary>
    public IReadOnlyList<IMediaSink> Outputs => Volatile.Read(ref _outputs);

    /// <summary>Feeds <paramref name="output"/> from the next frame on.</summary>
    public void AddOutput(IMediaSink output)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Volatile.Write(ref _outputs, [.. _outputs, output]);
        }
    }

    /// <summary>Stops feeding <paramref name="output"/>; false if it was not fed. After this returns, no push to it runs.</summary>
    public bool RemoveOutput(IMediaSink output)
    {
        lock (_gate)
        {
            return RemoveOutputLocked(output);
        }
    }

    /// <summary>
    /// Interrupt: from the next frame to send on, frames show the avatar at rest (its loop frame, whatever was made for
    /// them) and their audio is silence (faded out over <see cref="FadeSamples"/>), until <see cref="EndCut"/> names the
    /// first frame of the audio that came after. Takes effect between two ticks. Any thread.
    /// </summary>
    /// <param name="sequence">The interrupt's sequence number (see <see cref="AudioChunk.Sequence"/>).</param>
    /// <returns>The first frame at rest.</returns>
    public long Cut(long sequence)
    {
        lock (_gate)
        {
            _cutSequence = sequence;
            // Voice already sent ahead cannot be taken back: the rest starts after it, for the picture too, so the
            // mouth keeps moving with the voice to its end.
            long from = Math.Max(_next, (_voiceSent + LatencyBudget.SamplesPerFrame - 1) / LatencyBudget.SamplesPerFrame);
            Volatile.Write(ref _cutTo, long.MaxValue);
            Volatile.Write(ref _cutFrom, from);
            return from;
        }
    }

    /// <summary>The audio after interrupt <paramref name="sequence"/> starts at frame <paramref name="frame"/>; ignored if
    /// a later interrupt came since.</summary>
    public void EndCut(long sequence, long frame)
    {
        lock (_gate)
        {
            if (sequence == _cutSequence)
            {
                Volatile.Write(ref _cutTo, Math.Max(frame, _cutFrom));
            }
        }
    }

    /// <summary>True when <paramref name="frame"/> lies in the rest after an interrupt (whatever was made for it is dropped). Any thread.</summary>
    public bool IsCut(long frame) => frame >= Volatile.Read(ref _cutFrom) && frame < Volatile.Read(ref _cutTo);

    public void Start()
    {
        lock (_gate)
        {
            _timer = _clock.Time.CreateTimer(static s => ((SessionPacer)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Arm(_clock.Elapsed);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
            while (_results.Reader.TryRead(out FrameResult r))
            {
                r.Return();
            }

            _slots.Clear();
            ReleaseLast();
            Volatile.Write(ref _outputs, []);
        }
    }

    private void OnTimer()
    {
        // A timer callback must not throw (it would take the process down): failures go to the session.
        try
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                TimeSpan elapsed = _clock.Elapsed;
                long due = (elapsed - _clock.Latency).Ticks / LatencyBudget.FrameDuration.Ticks; // last frame whose deadline passed
                if (_clock.Due(_next) <= elapsed)
                {
                    // Deadlines passed while this thread was held up: send the last few late (in order, own PTS), skip older ones.
                    for (; _next < due - MaxCatchUp + 1; Interlocked.Increment(ref _next))
                    {
                        SessionCounters.Increment(ref _counters.FramesMissed);
                        _metrics?.FramesMissed.Add(1);
                        if (_slots.TryTake(_next, out FrameResult skipped))
                        {
                            skipped.Return();
                        }
                    }

                    for (; _next <= due; Interlocked.Increment(ref _next))
                    {
                        double lag = (elapsed - _clock.Due(_next)).TotalMilliseconds;
                        _counters.SendLag.Record(lag);
                        _metrics?.SendLag.Record(lag);
                        Tick(_next);
                    }
                }

                Arm(_clock.Elapsed);
            }
        }
        catch (Exception e)
        {
            _fail(e);
        }
    }

    private void Arm(TimeSpan elapsed)
    {
        TimeSpan wait = _clock.Due(_next) - elapsed;
        _timer!.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private bool RemoveOutputLocked(IMediaSink output)
    {
        IMediaSink[] outputs = _outputs;
        int i = Array.IndexOf(outputs, output);
        if (i < 0)
        {
            return false;
        }

        Volatile.Write(ref _outputs, [.. outputs.AsSpan(0, i), .. outputs.AsSpan(i + 1)]);
        return true;
    }

    // unchanged: the same picture as the last frame sent, which a sink may hold instead of encoding again.
    private void SendVideo(ReadOnlySpan<byte> bgrx, TimeSpan pts, bool unchanged = false)
    {
        long start = _clock.Time.GetTimestamp();
        if (!unchanged)
        {
            _transport?.PushVideoFrame(bgrx, pts);
        }
        else if (_transport?.PushUnchangedVideoFrame(bgrx, pts) == false)
        {
            SessionCounters.Increment(ref _counters.FramesHeld);
            _metrics?.FramesHeld.Add(1);
        }

        foreach (IMediaSink output in _outputs)
        {
            try
            {
                if (unchanged)
                {
                    output.PushUnchangedVideoFrame(bgrx, pts);
                }
                else
                {
                    output.PushVideoFrame(bgrx, pts);
                }
            }
            catch (Exception e)
            {
                OutputThrew(output, e);
            }
        }

        _metrics?.EncoderDuration.Record(_clock.Time.GetElapsedTime(start).TotalMilliseconds);
    }

    private void SendAudio(ReadOnlySpan<float> samples, TimeSpan pts)
    {
        _transport?.PushAudio(samples, MelSpectrogram.SampleRate, pts);
        foreach (IMediaSink output in _outputs)
        {
            try
            {
                output.PushAudio(samples, MelSpectrogram.SampleRate, pts);
            }
            catch (Exception e)
            {
                OutputThrew(output, e);
            }
        }
    }

    // An output's failure is its own: it is dropped and reported, the session and its other sinks go on.
    private void OutputThrew(IMediaSink output, Exception e)
    {
        if (RemoveOutputLocked(output))
        {
            _outputFailed(output, e);
        }
    }

    private void Tick(long frame)
    {
        while (_results.Reader.TryRead(out FrameResult result))
        {
            if (!_slots.Put(result, frame))
            {
                SessionCounters.Increment(ref _counters.ResultsStale);
                if (result.Index < frame && result.Bgrx is not null)
                {
                    // Made after its deadline: the margin it needed is the tail the estimate must see.
                    _margins?.Record(_clock.MarginNeededMs(result.Index, result.Ready));
                }
            }
        }

        TimeSpan pts = SessionClock.Pts(frame);
        bool cut = IsCut(frame);
        bool thinned = _thinned(frame);
        if (thinned)
        {
            // Degraded to shed load: no picture for this slot (nothing to encode); the viewer keeps the last one.
            if (_slots.TryTake(frame, out FrameResult unused))
            {
                unused.Return();
            }

            SessionCounters.Increment(ref _counters.FramesThinned);
            _metrics?.FramesThinned.Add(1);
        }
        else if (cut)
        {
            // Interrupted: whatever was made from the old speech goes back; the avatar rests on its own loop frame.
            if (_slots.TryTake(frame, out FrameResult dropped))
            {
                dropped.Return();
            }

            SendLoopFrame(frame);
            SessionCounters.Increment(ref _counters.FramesSilent);
        }
        else if (_slots.TryTake(frame, out FrameResult ready))
        {
            if (ready.Bgrx is { } bgrx)
            {
                SendVideo(bgrx.AsSpan(0, _avatar.FrameBytes), pts);
                ReleaseLast();
                _lastComposed = bgrx;
                long now = _clock.Time.GetTimestamp();
                double delay = _clock.Milliseconds(ready.Arrival, now);
                _counters.Delay.Record(delay);
                _counters.Processing.Record(_clock.Milliseconds(ready.Arrival, ready.Ready));
                _margins?.Record(_clock.MarginNeededMs(frame, ready.Ready));
                SessionCounters.Increment(ref _counters.FramesGenerated);
                _metrics?.FramesGenerated.Add(1);
                _metrics?.FrameDelay.Record(delay);
            }
            else
            {
                SendLoopFrame(frame);
                SessionCounters.Increment(ref _counters.FramesSilent);
            }
        }
        else if (_audioCovers(frame))
        {
            // Speech is under way but this frame is not ready: repeat what was shown, never wait.
            if (_lastComposed is not null)
            {
                SendVideo(_lastComposed.AsSpan(0, _avatar.FrameBytes), pts);
            }
            else
            {
                _lastLoopFrame = _lastLoopFrame >= 0 ? _lastLoopFrame : _avatar.LoopIndex(frame);
                SendVideo(_avatar.Frame(_lastLoopFrame), pts);
            }

            SessionCounters.Increment(ref _counters.FramesLate);
            _metrics?.FramesLate.Add(1);
        }
        else
        {
            SendLoopFrame(frame);
            SessionCounters.Increment(ref _counters.FramesIdle);
        }

        // The voice: the frame's own 40 ms of timeline and, as far as the timeline already holds it, up to the voice lead
        // beyond (stamped from its sample position on the same clock, so only the sending is early).
        long frameEnd = (frame + 1) * LatencyBudget.SamplesPerFrame;
        long voiceEnd = Math.Max(frameEnd, Math.Min(frameEnd + _clock.VoiceLeadSamples, _audio.End));
        long voiceStart = Math.Max(_voiceSent, frame * LatencyBudget.SamplesPerFrame);
        if (voiceEnd > voiceStart)
        {
            SendVoice(voiceStart, (int)(voiceEnd - voiceStart));
            _voiceSent = voiceEnd;
        }

        Interlocked.Exchange(ref _lastVideoPts, pts.Ticks);
        Interlocked.Exchange(ref _lastAudioPts, SamplesToTicks(_voiceSent - LatencyBudget.SamplesPerFrame));
        if (!thinned)
        {
            SessionCounters.Increment(ref _counters.FramesSent);
            _metrics?.FramesSent.Add(1);
        }
    }

    private static long SamplesToTicks(long position) => position * TimeSpan.TicksPerSecond / MelSpectrogram.SampleRate;

    private void SendVoice(long position, int length)
    {
        Span<float> voice = _audioSlot.AsSpan(0, length);
        _audio.Read(position, voice);
        Mute(position, voice);
        SendAudio(voice, TimeSpan.FromTicks(SamplesToTicks(position)));
    }

    // Inside a cut the voice is silent; its first FadeSamples fade the old speech out.
    private void Mute(long position, Span<float> voice)
    {
        long cutFrom = Volatile.Read(ref _cutFrom);
        if (cutFrom == long.MaxValue)
        {
            return;
        }

        long from = cutFrom * LatencyBudget.SamplesPerFrame;
        long to = Math.Min(Volatile.Read(ref _cutTo), long.MaxValue / LatencyBudget.SamplesPerFrame) * LatencyBudget.SamplesPerFrame;
        for (int i = 0; i < voice.Length; i++)
        {
            long p = position + i;
            if (p >= from && p < to)
            {
                long into = p - from;
                voice[i] = into < FadeSamples ? voice[i] * (1f - ((into + 1) / (float)FadeSamples)) : 0f;
            }
        }
    }

    private void SendLoopFrame(long frame)
    {
        int loop = _avatar.LoopIndex(frame);
        // The last picture sent was loop frame _lastLoopFrame unless a composed one came after it.
        bool unchanged = _lastComposed is null && _lastLoopFrame >= 0 && _avatar.SamePicture(loop, _lastLoopFrame);
        SendVideo(_avatar.Frame(loop), SessionClock.Pts(frame), unchanged);
        ReleaseLast();
        _lastLoopFrame = loop;
    }

    private void ReleaseLast()
    {
        if (_lastComposed is not null)
        {
            ArrayPool<byte>.Shared.Return(_lastComposed);
            _lastComposed = null;
        }
    }
}
