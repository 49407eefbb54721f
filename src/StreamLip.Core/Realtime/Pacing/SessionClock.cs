using StreamLip.Audio;

namespace StreamLip.Realtime.Pacing;

/// <summary>
/// One session's time base: t0 (the session's start on the injected clock) and the latency D = window floor + margin.
/// Frame i's own time is i/25 s after t0 and it is sent at t0 + D + i/25; audio sample n of the session timeline is at
/// n/16000 s after t0, and the voice of frame i may be sent up to <see cref="VoiceLeadSamples"/> before it. Immutable and
/// thread-safe.
/// </summary>
internal sealed class SessionClock(TimeProvider time, TimeSpan floor, TimeSpan margin, TimeSpan voiceLead = default)
{
    private readonly long _start = time.GetTimestamp();

    /// <summary>The clock everything reads.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>D: how long after its own time a frame is sent (<see cref="Floor"/> + <see cref="Margin"/>).</summary>
    public TimeSpan Latency { get; } = floor + margin;

    /// <summary>The audio a frame's window needs after its own time (<see cref="LatencyBudget.WindowFloor"/>).</summary>
    public TimeSpan Floor { get; } = floor;

    /// <summary>What the session may spend after the window floor: placement, batching, inference, compositing.</summary>
    public TimeSpan Margin { get; } = margin;

    /// <summary>The longest voice lead (<see cref="RealtimeOptions.VoiceLead"/>), 16 kHz samples.</summary>
    public const int MaxVoiceLeadSamples = MelSpectrogram.SampleRate / 5;

    /// <summary>How far ahead of its frame the voice may be sent (<see cref="RealtimeOptions.VoiceLead"/>), 16 kHz samples.</summary>
    public int VoiceLeadSamples { get; } = (int)Math.Clamp(voiceLead.Ticks * MelSpectrogram.SampleRate / TimeSpan.TicksPerSecond, 0, MaxVoiceLeadSamples);

    /// <summary>t0 as a timestamp of <see cref="Time"/>.</summary>
    public long StartTimestamp => _start;

    /// <summary>Time since t0.</summary>
    public TimeSpan Elapsed => Time.GetElapsedTime(_start);

    /// <summary>Time since t0 of a timestamp of <see cref="Time"/>.</summary>
    public TimeSpan ElapsedAt(long timestamp) => Time.GetElapsedTime(_start, timestamp);

    /// <summary>Session timeline position, in 16 kHz samples, of a timestamp (never negative).</summary>
    public long SamplePosition(long timestamp) =>
        Math.Max(0, ElapsedAt(timestamp).Ticks) * MelSpectrogram.SampleRate / TimeSpan.TicksPerSecond;

    /// <summary>When frame <paramref name="frame"/> is due, as time since t0.</summary>
    public TimeSpan Due(long frame) => Latency + (frame * LatencyBudget.FrameDuration);

    /// <summary>Presentation time of frame <paramref name="frame"/> (also of its 640 audio samples).</summary>
    public static TimeSpan Pts(long frame) => frame * LatencyBudget.FrameDuration;

    /// <summary>The margin frame <paramref name="frame"/>, ready at <paramref name="readyTimestamp"/>, needed, ms: how long
    /// after its own time + <see cref="Floor"/> it was ready (negative when its window was complete early).</summary>
    public double MarginNeededMs(long frame, long readyTimestamp) => (ElapsedAt(readyTimestamp) - Pts(frame) - Floor).TotalMilliseconds;

    /// <summary>Milliseconds between two timestamps of <see cref="Time"/>.</summary>
    public double Milliseconds(long from, long to) => Time.GetElapsedTime(from, to).TotalMilliseconds;
}
