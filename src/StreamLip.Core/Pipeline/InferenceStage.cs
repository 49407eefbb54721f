using System.Buffers;
using System.Threading.Channels;
using StreamLip.Audio;
using StreamLip.Inference;

namespace StreamLip.Pipeline;

/// <summary>
/// The batcher: takes whatever jobs are waiting (up to <c>maxBatch</c>, never waiting for a batch to fill),
/// runs the generator once for them, and emits one <see cref="GeneratedFrame"/> per job in order.
/// Owns its batch buffers (allocated once); returns each job's mel buffer to the pool.
/// </summary>
public sealed class InferenceStage
{
    private readonly ILipSyncGenerator _generator;
    private readonly int _maxBatch;
    private readonly ChannelReader<FrameJob> _input;
    private readonly ChannelWriter<GeneratedFrame> _output;
    private readonly TimeProvider _time;
    private readonly float[] _mel;
    private readonly float[] _face;
    private readonly float[] _landmarks; // empty when the model takes none
    private readonly float[] _generated;
    private readonly FrameJob[] _batch;

    /// <summary>Creates the stage.</summary>
    /// <param name="generator">The model; only this stage calls it.</param>
    /// <param name="maxBatch">Most frames per run (the model's <see cref="LipSyncModelInfo.MaxBatch"/> at most).</param>
    /// <param name="input">Jobs in.</param>
    /// <param name="output">Generated faces out; completed when the input completes.</param>
    /// <param name="time">Clock for the inference timings.</param>
    public InferenceStage(ILipSyncGenerator generator, int maxBatch, ChannelReader<FrameJob> input, ChannelWriter<GeneratedFrame> output, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        if (maxBatch > generator.Info.MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, $"The model was loaded for batches up to {generator.Info.MaxBatch}.");
        }

        _generator = generator;
        _maxBatch = maxBatch;
        _input = input;
        _output = output;
        _time = time ?? TimeProvider.System;
        var s = generator.Info.FaceSize;
        _mel = new float[maxBatch * MelWindows.WindowLength];
        _face = new float[maxBatch * 6 * s * s];
        _landmarks = new float[generator.Info.TakesLandmarks ? maxBatch * 2 * Avatars.FaceFraming.LandmarkCount : 0];
        _generated = new float[maxBatch * 3 * s * s];
        _batch = new FrameJob[maxBatch];
    }

    /// <summary>Timings and batch sizes so far.</summary>
    public InferenceStats Stats { get; } = new();

    /// <summary>Runs until the input completes (then completes the output) or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var s = _generator.Info.FaceSize;
        var faceLength = 6 * s * s;
        var outLength = 3 * s * s;
        var landmarkLength = _landmarks.Length / _maxBatch;
        try
        {
            while (await _input.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var n = 0;
                while (n < _maxBatch && _input.TryRead(out var job))
                {
                    _batch[n] = job;
                    job.Mel.AsSpan(0, MelWindows.WindowLength).CopyTo(_mel.AsSpan(n * MelWindows.WindowLength));
                    job.Avatar.CopyModelInput(job.CacheFrame, _face.AsSpan(n * faceLength, faceLength), _landmarks.AsSpan(n * landmarkLength, landmarkLength));
                    ArrayPool<float>.Shared.Return(job.Mel);
                    n++;
                }

                if (n == 0)
                {
                    continue;
                }

                var start = _time.GetTimestamp();
                _generator.Run(_mel.AsSpan(0, n * MelWindows.WindowLength), _face.AsSpan(0, n * faceLength), _landmarks.AsSpan(0, n * landmarkLength), _generated.AsSpan(0, n * outLength), n);
                Stats.Record(n, _time.GetElapsedTime(start));

                for (var i = 0; i < n; i++)
                {
                    var face = ArrayPool<float>.Shared.Rent(outLength);
                    _generated.AsSpan(i * outLength, outLength).CopyTo(face);
                    await _output.WriteAsync(new GeneratedFrame(_batch[i].Index, _batch[i].CacheFrame, face), cancellationToken).ConfigureAwait(false);
                    _batch[i] = default;
                }
            }

            _output.TryComplete();
        }
        catch (Exception e)
        {
            _output.TryComplete(e);
            throw;
        }
    }
}
