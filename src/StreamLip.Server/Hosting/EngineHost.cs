using Microsoft.Extensions.Options;
using StreamLip.Avatars;
using StreamLip.Inference;
using StreamLip.Onnx;
using StreamLip.Realtime;
using StreamLip.Realtime.Capacity;
using StreamLip.Rendering;
using StreamLip.Server.Options;

namespace StreamLip.Server.Hosting;

/// <summary>
/// Loads the model when the host starts and runs the one <see cref="RealtimeEngine"/>; at stop, ends every session.
/// Owns the generator, the engine and the metrics. CPU for admission by headroom is read from <see cref="ICpuMeter"/>.
/// </summary>
internal sealed class EngineHost(
    IOptions<ServerOptions> options,
    IGeneratorLoader loader,
    TimeProvider time,
    RealtimeMetrics metrics,
    ICpuMeter cpu,
    ILogger<EngineHost> logger) : IHostedService, IAsyncDisposable
{
    private ILipSyncGenerator? _generator;
    private RealtimeEngine? _engine;

    /// <summary>The engine (after start).</summary>
    public RealtimeEngine Engine => _engine ?? throw new InvalidOperationException("The engine starts with the host.");

    /// <summary>True once the model is loaded and the engine runs.</summary>
    public bool IsLoaded => _engine is not null;

    /// <summary>The model file in use.</summary>
    public string ModelPath => options.Value.ModelPath!;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var realtime = o.ToRealtimeOptions();
        _generator = loader.Load(o, realtime.RunFramesFor(int.MaxValue));
        foreach (string reason in _generator.Info.SkippedProviders)
        {
            logger.ProviderSkipped(reason);
        }

        try
        {
            // What the model declares, read before the engine is made so that a bad value stops serve with one line.
            _ = FaceFraming.ForModel(_generator.Info.Metadata);
            _ = realtime.AlignmentOffsetFrames ?? OfflineRenderer.AlignmentFromMetadata(_generator.Info);
        }
        catch (ArgumentException e)
        {
            throw new ModelMetadataException(o.ModelPath!, e);
        }

        try
        {
            _engine = new RealtimeEngine(_generator, realtime, time, metrics, cpu);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelWarmUpException(o.ModelPath!, realtime.RunFramesFor(_generator.Info.MaxBatch), _generator.Info.FaceSize, e);
        }

        _engine.FrameRateChanged += (session, reason) =>
        {
            if (reason is null)
            {
                logger.SessionRestored(session.Id, session.FrameRate);
            }
            else
            {
                logger.SessionDegraded(session.Id, session.FrameRate, reason);
            }
        };
        logger.ModelLoaded(o.ModelPath!, _generator.Info.FaceSize, _generator.Info.MaxBatch, _generator.Info.Provider, _engine.AlignmentOffsetFrames, _engine.Framing.Name, _engine.Latency.TotalMilliseconds, Math.Round(_engine.WarmUpTime.TotalMilliseconds));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _generator?.Dispose();
        _generator = null;
    }
}
