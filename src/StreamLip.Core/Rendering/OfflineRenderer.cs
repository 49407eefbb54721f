using System.Buffers;
using System.Globalization;
using StreamLip.Audio;
using StreamLip.Avatars;
using StreamLip.Inference;
using StreamLip.Pipeline;

namespace StreamLip.Rendering;

/// <summary>
/// Renders a whole mel spectrogram through the real-time stages (windows → batcher → compositor → sink) with
/// back-pressure instead of drops: every frame is made, in order, as fast as the slowest stage allows.
/// </summary>
public static class OfflineRenderer
{
    /// <summary>Metadata key a model uses to declare its mel alignment: <c>inference</c> (0) or <c>training</c> (−1).</summary>
    public const string AlignmentMetadataKey = "mel_alignment";

    /// <summary>Renders <paramref name="frameCount"/> frames; <paramref name="sink"/> gets each finished frame in order.</summary>
    /// <param name="mel">The audio's mel spectrogram.</param>
    /// <param name="frameCount">Frames to make (the audio's length at 25 fps).</param>
    /// <param name="avatar">The avatar, loaded for the model's face size.</param>
    /// <param name="generator">The model.</param>
    /// <param name="options">Batch and alignment.</param>
    /// <param name="sink">Writes a frame (BGRx, stride = width × 4); the buffer is returned to the pool after it returns.</param>
    /// <param name="progress">Frames finished so far.</param>
    /// <param name="time">Clock for timings.</param>
    /// <param name="cancellationToken">Stops the render.</param>
    public static async Task<RenderResult> RenderAsync(
        MelFrames mel,
        int frameCount,
        Avatar avatar,
        ILipSyncGenerator generator,
        RenderOptions options,
        Func<long, ReadOnlyMemory<byte>, ValueTask> sink,
        IProgress<long>? progress = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        options.Validate(generator.Info.MaxBatch);
        if (avatar.FaceSize != generator.Info.FaceSize)
        {
            throw new ArgumentException($"The avatar was loaded for face size {avatar.FaceSize}, the model takes {generator.Info.FaceSize}.", nameof(avatar));
        }

        var offset = options.AlignmentOffsetFrames ?? AlignmentFromMetadata(generator.Info);
        var start = time.GetTimestamp();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // Small queues: enough to keep every stage busy, little enough to bound memory.
        var jobs = StageChannel.Create<FrameJob>(options.BatchSize * 2, FullChannelPolicy.Wait);
        var generated = StageChannel.Create<GeneratedFrame>(options.BatchSize * 2, FullChannelPolicy.Wait);
        var composed = StageChannel.Create<ComposedFrame>(4, FullChannelPolicy.Wait);
        var inference = new InferenceStage(generator, options.BatchSize, jobs.Reader, generated.Writer, time);
        using var compositor = new CompositeStage(avatar, generated.Reader, composed.Writer);

        var produce = Task.Run(
            async () =>
            {
                try
                {
                    for (var i = 0; i < frameCount; i++)
                    {
                        var window = ArrayPool<float>.Shared.Rent(MelWindows.WindowLength);
                        MelWindows.CopyWindow(mel, i, window, offset);
                        await jobs.Writer.WriteAsync(new FrameJob(i, avatar, avatar.LoopIndex(i), window), cts.Token).ConfigureAwait(false);
                    }

                    jobs.Writer.TryComplete();
                }
                catch (Exception e)
                {
                    jobs.Writer.TryComplete(e);
                    throw;
                }
            },
            cts.Token);
        var infer = Task.Run(() => inference.RunAsync(cts.Token), cts.Token);
        var composite = Task.Run(() => compositor.RunAsync(cts.Token), cts.Token);

        long written = 0;
        try
        {
            await foreach (var frame in composed.Reader.ReadAllAsync(cts.Token).ConfigureAwait(false))
            {
                try
                {
                    await sink(frame.Index, frame.Bgrx.AsMemory(0, avatar.FrameBytes)).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(frame.Bgrx);
                }

                written++;
                progress?.Report(written);
            }

            await Task.WhenAll(produce, infer, composite).ConfigureAwait(false);
        }
        catch
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(produce, infer, composite).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            // Surface the first real failure of a stage, not the cancellations it caused downstream.
            var failed = new[] { produce, infer, composite }.FirstOrDefault(t => t.IsFaulted && t.Exception?.InnerException is not OperationCanceledException);
            if (failed?.Exception?.InnerException is { } inner)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            }

            throw;
        }

        return new RenderResult(written, time.GetElapsedTime(start), inference.Stats);
    }

    /// <summary>The alignment offset a model declares: <c>training</c> → −1, <c>inference</c> or absent → 0, or an integer.</summary>
    public static int AlignmentFromMetadata(LipSyncModelInfo info)
    {
        if (!info.Metadata.TryGetValue(AlignmentMetadataKey, out var value))
        {
            return 0;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "training" => -1,
            "inference" => 0,
            var v when int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= -2 and <= 2 => n,
            _ => throw new ArgumentException($"The model's metadata {AlignmentMetadataKey}='{value}' is not 'training', 'inference' or an offset in frames (−2..2)."),
        };
    }
}
