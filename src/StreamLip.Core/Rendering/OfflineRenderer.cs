using System.Buffers;
using System.Globalization;
using StreamLip.Audio;
using StreamLip.Avatars;
using StreamLip.Inference;
using StreamLip.Stages;

namespace StreamLip.Rendering;

/// <summary>
/// Renders a whole mel spectrogram through the real-time stages (windows → batch → compose → sink) with
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

        int offset = options.AlignmentOffsetFrames ?? AlignmentFromMetadata(generator.Info);
        long start = time.GetTimestamp();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // The real-time line without its clock: the same batch assembly and compose stage, every queue waiting when
        // full instead of dropping, so every frame is made, in order, as fast as the slowest stage allows. Small queues
        // keep every stage busy and bound memory. A stage never completes the next one's input: the wiring below does,
        // once the stage has returned (or passes its failure on).
        var composed = StageChannel.Create<FrameResult>(4, FullChannelPolicy.Wait);
        using var compose = new ComposeStage(avatar, options.BatchSize * 2, composed.Writer, time);
        var inference = new InferenceStage(generator, options.BatchSize, avatar, compose.Input, time);

        var produce = Task.Run(
            () => ThenComplete(
                async () =>
                {
                    for (int i = 0; i < frameCount; i++)
                    {
                        float[] window = ArrayPool<float>.Shared.Rent(MelWindows.WindowLength);
                        MelWindows.CopyWindow(mel, i, window, offset);
                        await inference.Input.WriteAsync(new FrameJob(i, avatar.LoopIndex(i), window), cts.Token).ConfigureAwait(false);
                    }
                },
                inference.Input),
            cts.Token);
        var infer = Task.Run(() => ThenComplete(() => inference.RunAsync(cts.Token), compose.Input), cts.Token);
        var composite = Task.Run(() => ThenComplete(() => compose.RunAsync(cts.Token), composed.Writer), cts.Token);

        long written = 0;
        try
        {
            await foreach (var frame in composed.Reader.ReadAllAsync(cts.Token).ConfigureAwait(false))
            {
                try
                {
                    await sink(frame.Index, frame.Bgrx!.AsMemory(0, avatar.FrameBytes)).ConfigureAwait(false);
                }
                finally
                {
                    frame.Return();
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
            compose.Drain();
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

    // Runs a stage, then completes the next stage's input: normally when the stage ends, with its error when it fails.
    private static async Task ThenComplete<T>(Func<Task> stage, System.Threading.Channels.ChannelWriter<T> next)
    {
        try
        {
            await stage().ConfigureAwait(false);
            next.TryComplete();
        }
        catch (Exception e)
        {
            next.TryComplete(e);
            throw;
        }
    }

    /// <summary>The alignment offset a model declares: <c>training</c> → −1, <c>inference</c> or absent → 0, or an integer.</summary>
    public static int AlignmentFromMetadata(LipSyncModelInfo info)
    {
        if (!info.Metadata.TryGetValue(AlignmentMetadataKey, out string? value))
        {
            return 0;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "training" => -1,
            "inference" => 0,
            var v when int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n is >= -2 and <= 2 => n,
            _ => throw new ArgumentException($"The model's metadata {AlignmentMetadataKey}='{value}' is not 'training', 'inference' or an offset in frames (−2..2)."),
        };
    }
}
