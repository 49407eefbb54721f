using System.Diagnostics.Metrics;
using StreamLip.Realtime.Audio;

namespace StreamLip.Realtime;

/// <summary>
/// The engine's instruments on the meter <c>StreamLip.Realtime</c> (System.Diagnostics.Metrics: <c>dotnet-counters</c>,
/// OpenTelemetry). Recording is allocation-free and cheap when nobody listens.
/// </summary>
public sealed class RealtimeMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "StreamLip.Realtime";

    private readonly Meter _meter;

    /// <summary>Creates the instruments, on a meter from <paramref name="factory"/> when given (DI), else a new one.</summary>
    public RealtimeMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        ActiveSessions = _meter.CreateUpDownCounter<int>("streamlip.sessions.active", "{session}", "Sessions running.");
        RefusedSessions = _meter.CreateCounter<long>("streamlip.sessions.refused", "{session}", "Sessions refused by the engine (at MaxSessions, or without headroom).");
        RefusedHeadroom = _meter.CreateCounter<long>("streamlip.sessions.refused_headroom", "{session}", "Sessions refused because the measured headroom had no room for one more (or the node was overloaded).");
        SessionsDegraded = _meter.CreateCounter<long>("streamlip.sessions.degraded", "{session}", "Sessions dropped to half frame rate under overload (newest first).");
        FramesThinned = _meter.CreateCounter<long>("streamlip.frames.thinned", "{frame}", "Frame slots sent without a picture (voice only) by degraded sessions.");
        FramesHeld = _meter.CreateCounter<long>("streamlip.frames.held", "{frame}", "Idle frames whose picture had not changed, held by the peer instead of encoded again.");
        FramesSent = _meter.CreateCounter<long>("streamlip.frames.sent", "{frame}", "Video frames pushed to transports.");
        FramesGenerated = _meter.CreateCounter<long>("streamlip.frames.generated", "{frame}", "Frames sent with a generated mouth.");
        FramesLate = _meter.CreateCounter<long>("streamlip.frames.late", "{frame}", "Frames not ready by their deadline (previous frame sent again).");
        FramesMissed = _meter.CreateCounter<long>("streamlip.frames.missed", "{frame}", "Frame deadlines the pacer overran by more than its catch-up (nothing sent).");
        SendLag = _meter.CreateHistogram<double>("streamlip.frame.send_lag", "ms", "Frame deadline to frame pushed (the pacer's own lateness).");
        OutputsFailed = _meter.CreateCounter<long>("streamlip.outputs.failed", "{output}", "Added outputs (viewers, pushes, recordings) dropped after an error.");
        AudioChunksDropped = _meter.CreateCounter<long>("streamlip.audio.chunks_dropped", "{chunk}", "Microphone chunks dropped (queue full or stream ahead).");
        AudioChunksShed = _meter.CreateCounter<long>("streamlip.audio.chunks_shed", "{chunk}", "Quiet microphone chunks left out in a pause to shed a steady lead over the clock (silence, not a loss).");
        AudioPlacement = _meter.CreateHistogram<double>("streamlip.audio.placement", "ms", "Per microphone chunk: its timeline position minus its arrival (positive: its voice leaves later than D − lead after it was heard).");
        FrameDelay = _meter.CreateHistogram<double>("streamlip.frame.delay", "ms", "Audio arrival (window complete) to frame pushed.");
        BatchSize = _meter.CreateHistogram<int>("streamlip.inference.batch_size", "{frame}", "Frames per generator run.");
        InferenceDuration = _meter.CreateHistogram<double>("streamlip.inference.duration", "ms", "Time inside one generator run.");
        EncoderDuration = _meter.CreateHistogram<double>("streamlip.encoder.duration", "ms", "Time to hand one video frame to the session's peer and outputs (conversion and encoder queueing).");

        // Counters start at 0 for the listeners already attached: an exporter that shows only what was recorded
        // (OpenTelemetry's) then has every series from the start, and rate() sees the first late frame too.
        ActiveSessions.Add(0);
        foreach (var counter in (Counter<long>[])[RefusedSessions, RefusedHeadroom, SessionsDegraded, FramesThinned, FramesHeld, FramesSent, FramesGenerated, FramesLate, FramesMissed, OutputsFailed, AudioChunksDropped, AudioChunksShed])
        {
            counter.Add(0);
        }
    }

    internal UpDownCounter<int> ActiveSessions { get; }

    internal Counter<long> RefusedSessions { get; }

    internal Counter<long> RefusedHeadroom { get; }

    internal Counter<long> SessionsDegraded { get; }

    internal Counter<long> FramesThinned { get; }

    internal Counter<long> FramesHeld { get; }

    internal Counter<long> FramesSent { get; }

    internal Counter<long> FramesGenerated { get; }

    internal Counter<long> FramesLate { get; }

    internal Counter<long> FramesMissed { get; }

    internal Histogram<double> SendLag { get; }

    internal Counter<long> OutputsFailed { get; }

    internal Counter<long> AudioChunksDropped { get; }

    internal Counter<long> AudioChunksShed { get; }

    internal Histogram<double> AudioPlacement { get; }

    internal Histogram<double> FrameDelay { get; }

    internal Histogram<int> BatchSize { get; }

    internal Histogram<double> InferenceDuration { get; }

    internal Histogram<double> EncoderDuration { get; }

    /// <summary>Gauges of the capacity figure (<c>streamlip.capacity.*</c>), read from <paramref name="snapshot"/> at each collection.</summary>
    internal void ObserveCapacity(Func<Capacity.CapacitySnapshot> snapshot)
    {
        _meter.CreateObservableGauge("streamlip.capacity.headroom_sessions", () => snapshot().HeadroomSessions, "{session}", "New sessions the node would admit now (the cluster's placement reads this figure).");
        _meter.CreateObservableGauge("streamlip.capacity.headroom_cores", () => snapshot().HeadroomCores, "{core}", "Cores left to sessions: budget − sessions' use − other processes'.");
        _meter.CreateObservableGauge("streamlip.capacity.session_cores", () => snapshot().SessionCores, "{core}", "What one session is taken to cost (measured, at least the configured floor).");
        _meter.CreateObservableGauge("streamlip.capacity.process_cores", () => snapshot().ProcessCores, "{core}", "This process's CPU over the last window.");
        _meter.CreateObservableGauge("streamlip.capacity.other_cores", () => snapshot().OtherCores ?? 0, "{core}", "Other processes' CPU over the last window (0 when not counted).");
        _meter.CreateObservableGauge("streamlip.capacity.overloaded", () => snapshot().Overloaded ? 1 : 0, "{state}", "1 while the node is overloaded (frames behind, or the CPU full).");
        _meter.CreateObservableGauge("streamlip.sessions.degraded_now", () => snapshot().DegradedSessions, "{session}", "Sessions running at a reduced frame rate.");
    }

    /// <inheritdoc/>
    public void Dispose() => _meter.Dispose();
}
