using System.Buffers;
using StreamLip.Audio;

namespace StreamLip.Realtime;

/// <summary>How frames move between the stages (see the class remarks for buffer ownership).</summary>
public sealed partial class RealtimeSession
{
    /// <summary>Transport thread: microphone audio, ignored while pushed speech plays (see <see cref="Enqueue"/>) or
    /// when the session does not mirror it (<see cref="MirrorsMicrophone"/>).</summary>
    private void OnMicrophoneAudio(ReadOnlySpan<float> samples)
    {
        if (!_mirrorsMicrophone)
        {
            SessionCounters.Increment(ref _counters.AudioChunks); // heard (by a conversation), so the session is in use
            return;
        }

        if (_speech.IsActive)
        {
            return;
        }

        QueueAudio(samples, endOfSpeech: false);
    }

    /// <summary>Speech feeder's timer: one 20 ms chunk of pushed speech, heard now.</summary>
    private void FeedSpeech(ReadOnlySpan<float> samples, bool endOfSpeech) => QueueAudio(samples, endOfSpeech);

    /// <summary>Copies the chunk into a pooled buffer and queues it with its arrival time and sequence number.</summary>
    private void QueueAudio(ReadOnlySpan<float> samples, bool endOfSpeech)
    {
        if (samples.IsEmpty || IsStopped)
        {
            return;
        }

        long arrival = _clock.Time.GetTimestamp();
        float[] buffer = ArrayPool<float>.Shared.Rent(samples.Length);
        samples.CopyTo(buffer);
        SessionCounters.Increment(ref _counters.AudioChunks);
        Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _audioPending);
        if (!_audio.Writer.TryWrite(new AudioChunk(buffer, samples.Length, arrival, Interlocked.Increment(ref _sequence), endOfSpeech)))
        {
            ArrayPool<float>.Shared.Return(buffer);
            Interlocked.Decrement(ref _audioPending);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Audio loop: a window is complete. Silent → tell the pacer; speech → queue a job for the batcher.</summary>
    void IFrameWindowSink.OnWindow(long frame, ReadOnlySpan<float> window, bool silent, long arrival)
    {
        if (IsPast(frame))
        {
            // Its deadline went by while the audio was on its way: no point making it.
            SessionCounters.Increment(ref _counters.WindowsStale);
            return;
        }

        if (IsThinned(frame))
        {
            // Degraded: the pacer sends no picture for this frame, so nothing is made for it.
            return;
        }

        if (silent)
        {
            _results.Writer.TryWrite(new FrameResult(frame, null, arrival, _clock.Time.GetTimestamp()));
            return;
        }

        float[] mel = ArrayPool<float>.Shared.Rent(MelWindows.WindowLength);
        window.CopyTo(mel);
        Interlocked.Increment(ref _inFlight);
        if (_jobs.Writer.TryWrite(new RealtimeJob(this, frame, Avatar.LoopIndex(frame), mel, arrival)))
        {
            _engine.Batcher.Ring();
        }
        else
        {
            ArrayPool<float>.Shared.Return(mel);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Batcher: the next queued job of this session.</summary>
    internal bool TryTakeJob(out RealtimeJob job) => _jobs.Reader.TryRead(out job);

    /// <summary>True when frame <paramref name="frame"/>'s deadline has passed (the pacer has moved beyond it), or an
    /// interrupt cut it (it will be sent at rest): either way, nothing made for it would be shown.</summary>
    internal bool IsPast(long frame) => frame < _pacer.NextFrame || _pacer.IsCut(frame);

    /// <summary>Batcher: a job taken too late to matter.</summary>
    internal void DropStaleJob(in RealtimeJob job)
    {
        ArrayPool<float>.Shared.Return(job.Mel);
        SessionCounters.Increment(ref _counters.JobsStale);
        JobFinished();
    }

    /// <summary>A job left the pipeline without a frame.</summary>
    internal void JobFinished() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Batcher: the generated face of <paramref name="job"/> (copied; the span is the batcher's).</summary>
    internal void DeliverGenerated(in RealtimeJob job, ReadOnlySpan<float> face)
    {
        float[] copy = ArrayPool<float>.Shared.Rent(face.Length);
        face.CopyTo(copy);
        if (!_faces.Writer.TryWrite(new GeneratedFace(job.Index, job.CacheFrame, copy, job.Arrival)))
        {
            ArrayPool<float>.Shared.Return(copy);
            JobFinished();
        }
    }

    private async Task CompositeLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (GeneratedFace face in _faces.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    Compose(face);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(face.Face);
                    JobFinished();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private void Compose(in GeneratedFace face)
    {
        if (IsPast(face.Index))
        {
            SessionCounters.Increment(ref _counters.JobsStale);
            return;
        }

        byte[] frame = ArrayPool<byte>.Shared.Rent(Avatar.FrameBytes);
        Span<byte> target = frame.AsSpan(0, Avatar.FrameBytes);
        Avatar.Frame(face.CacheFrame).CopyTo(target);
        _compositor.Paste(face.Face, Avatar.FaceSize, Avatar.Box(face.CacheFrame), target, Avatar.Width, Avatar.Height, Avatar.Width * 4);
        if (!_results.Writer.TryWrite(new FrameResult(face.Index, frame, face.Arrival, _clock.Time.GetTimestamp())))
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private void OnAudioDropped(AudioChunk chunk)
    {
        ArrayPool<float>.Shared.Return(chunk.Samples);
        SessionCounters.Increment(ref _counters.AudioChunksDropped);
        _metrics?.AudioChunksDropped.Add(1);
        Interlocked.Decrement(ref _audioPending);
        Interlocked.Decrement(ref _inFlight);
    }

    private void OnJobDropped(RealtimeJob job)
    {
        ArrayPool<float>.Shared.Return(job.Mel);
        SessionCounters.Increment(ref _counters.JobsDropped);
        JobFinished();
    }

    private void OnFaceDropped(GeneratedFace face)
    {
        ArrayPool<float>.Shared.Return(face.Face);
        SessionCounters.Increment(ref _counters.JobsDropped);
        JobFinished();
    }
}
