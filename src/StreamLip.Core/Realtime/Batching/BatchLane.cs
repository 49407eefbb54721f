using System.Buffers;
using System.Threading.Channels;
using StreamLip.Audio;
using StreamLip.Avatars;
using StreamLip.Stages;

namespace StreamLip.Realtime.Batching;

/// <summary>
/// One session's way through the shared batcher: the bounded queue of its jobs (the batcher's input for the session,
/// oldest dropped when full), the avatar its faces are taken from, and the compose stage's writer its generated faces
/// go to. The audio stage writes jobs in; the batcher reads them and writes each face forward to <see cref="Output"/>;
/// neither calls into the session. Deadline, counts and failure go to the session's <see cref="IStageLedger"/>.
/// </summary>
internal sealed class BatchLane
{
    private readonly Channel<FrameJob> _jobs;
    private readonly SharedBatcher _batcher;

    /// <param name="context">The session's avatar and ledger.</param>
    /// <param name="capacity">Jobs the queue holds (2 × the session's batch).</param>
    /// <param name="output">The session's compose stage input.</param>
    /// <param name="batcher">Rung when a job is queued.</param>
    public BatchLane(SessionContext context, int capacity, ChannelWriter<GeneratedFace> output, SharedBatcher batcher)
    {
        Context = context;
        Output = output;
        _batcher = batcher;
        // Two readers: the shared batcher, and the session's own drain at stop (the batcher may still hold the lane then).
        _jobs = Channel.CreateBounded<FrameJob>(
            new BoundedChannelOptions(capacity) { SingleReader = false, SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest },
            OnDropped);
    }

    /// <summary>The session's shared state: its avatar, deadline, counts, and the way to fail it.</summary>
    public SessionContext Context { get; }

    /// <summary>The avatar whose face input the jobs use.</summary>
    public Avatar Avatar => Context.Avatar;

    /// <summary>Audio stage: queues frame <paramref name="frame"/>'s window (copied) and rings the batcher.</summary>
    public void Write(long frame, ReadOnlySpan<float> window, long arrival)
    {
        float[] mel = ArrayPool<float>.Shared.Rent(MelWindows.WindowLength);
        window.CopyTo(mel);
        Context.Entered();
        if (_jobs.Writer.TryWrite(new FrameJob(frame, Avatar.LoopIndex(frame), mel, arrival)))
        {
            _batcher.Ring();
        }
        else
        {
            ArrayPool<float>.Shared.Return(mel);
            Context.Left();
        }
    }

    /// <summary>The queued jobs (the batcher reads them).</summary>
    public ChannelReader<FrameJob> Jobs => _jobs.Reader;

    /// <summary>Where the batcher writes this session's generated faces: its compose stage's input.</summary>
    public ChannelWriter<GeneratedFace> Output { get; }

    /// <summary>No more jobs are queued (the session stops).</summary>
    public void Complete() => _jobs.Writer.TryComplete();

    /// <summary>Returns what is still queued to the pool.</summary>
    public void Drain()
    {
        while (_jobs.Reader.TryRead(out FrameJob job))
        {
            ArrayPool<float>.Shared.Return(job.Mel);
        }
    }

    private void OnDropped(FrameJob job)
    {
        ArrayPool<float>.Shared.Return(job.Mel);
        Context.Dropped();
        Context.Left();
    }
}
