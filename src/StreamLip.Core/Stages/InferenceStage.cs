using System.Buffers;
using System.Threading.Channels;
using StreamLip.Avatars;
using StreamLip.Inference;

namespace StreamLip.Stages;

/// <summary>
/// The offline batch stage: takes whatever jobs are waiting (up to the batch size, never waiting for a batch to fill),
/// runs the generator once for them (<see cref="BatchAssembler"/>, shared with the real-time batcher), and writes one
/// <see cref="GeneratedFace"/> per job forward, in order, waiting while the next stage is full. Owns its input channel;
/// returns each job's mel buffer to the pool. The generator's exceptions end <see cref="RunAsync"/>.
/// </summary>
internal sealed class InferenceStage
{
    private readonly BatchAssembler _batch;
    private readonly Avatar _avatar;
    private readonly Channel<FrameJob> _input;
    private readonly ChannelWriter<GeneratedFace> _output;
    private readonly TimeProvider _time;
    private readonly FrameJob[] _jobs;

    /// <param name="generator">The model; only this stage calls it.</param>
    /// <param name="maxBatch">Most frames per run (the model's <see cref="LipSyncModelInfo.MaxBatch"/> at most).</param>
    /// <param name="avatar">Whose face input every job uses.</param>
    /// <param name="output">The compose stage's input.</param>
    /// <param name="time">Clock for the inference timings.</param>
    public InferenceStage(ILipSyncGenerator generator, int maxBatch, Avatar avatar, ChannelWriter<GeneratedFace> output, TimeProvider time)
    {
        _batch = new BatchAssembler(generator, maxBatch);
        _avatar = avatar;
        _output = output;
        _time = time;
        _input = StageChannel.Create<FrameJob>(maxBatch * 2, FullChannelPolicy.Wait);
        _jobs = new FrameJob[maxBatch];
    }

    /// <summary>Jobs in.</summary>
    public ChannelWriter<FrameJob> Input => _input.Writer;

    /// <summary>Timings and batch sizes so far.</summary>
    public InferenceStats Stats { get; } = new();

    /// <summary>Runs until the input completes or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        while (await _input.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            _batch.Clear();
            while (!_batch.IsFull && _input.Reader.TryRead(out FrameJob job))
            {
                _jobs[_batch.Count] = job;
                _batch.Add(job.Mel, _avatar, job.CacheFrame);
                ArrayPool<float>.Shared.Return(job.Mel);
            }

            int n = _batch.Count;
            if (n == 0)
            {
                continue;
            }

            long start = _time.GetTimestamp();
            _batch.Run(0, n);
            Stats.Record(n, _time.GetElapsedTime(start));
            for (int i = 0; i < n; i++)
            {
                float[] face = ArrayPool<float>.Shared.Rent(_batch.FaceLength);
                _batch.Generated(i).CopyTo(face);
                await _output.WriteAsync(new GeneratedFace(_jobs[i].Index, _jobs[i].CacheFrame, face), cancellationToken).ConfigureAwait(false);
                _jobs[i] = default;
            }
        }
    }
}
