using StreamLip.LoadHarness.Measurement;

namespace StreamLip.LoadHarness.Rounds;

/// <summary>One round's measurements: N sessions for one window.</summary>
internal sealed record RoundResult
{
    /// <summary>N, the sessions opened.</summary>
    public required int Sessions { get; init; }

    /// <summary>Clients connected at the end of the window whose server session still ran.</summary>
    public required int Connected { get; init; }

    /// <summary>Seconds to open all N (offer, answer, ICE and DTLS), one after the other.</summary>
    public required double ConnectSeconds { get; init; }

    /// <summary>The measured window, seconds.</summary>
    public required double WindowSeconds { get; init; }

    /// <summary>Fewest video frames a client decoded in the window.</summary>
    public required long FramesMin { get; init; }

    /// <summary>Mean video frames decoded per client in the window.</summary>
    public required double FramesMean { get; init; }

    /// <summary>Mean seconds of the avatar's voice decoded per client in the window.</summary>
    public required double VoiceSecondsMean { get; init; }

    /// <summary>The server's frame counts over the window, all sessions together.</summary>
    public required ServerFrames Server { get; init; }

    /// <summary>Median over sessions of each session's median delay (audio arrival → frame sent), at the window's end.</summary>
    public double? DelayP50Ms { get; init; }

    /// <summary>Largest over sessions of each session's 95th percentile delay.</summary>
    public double? DelayP95Ms { get; init; }

    /// <summary>Largest over sessions of the 95th percentile of audio arrival → frame composed.</summary>
    public double? ProcessingP95Ms { get; init; }

    /// <summary>The batcher over the window.</summary>
    public required BatchWindow Batches { get; init; }

    /// <summary>The server process's CPU; null in process (it is then <see cref="HarnessCpu"/>) or when its pid is unknown.</summary>
    public CpuUsage? ServerCpu { get; init; }

    /// <summary>This process's CPU: the clients (and the server too when it runs in process).</summary>
    public required CpuUsage HarnessCpu { get; init; }

    /// <summary>The server process's resident memory at the window's end, MiB.</summary>
    public required double ServerRssMiB { get; init; }

    /// <summary>This process's resident memory at the window's end, MiB.</summary>
    public required double HarnessRssMiB { get; init; }

    /// <summary>/proc/loadavg at the window's start and end.</summary>
    public required string LoadAverage { get; init; }

    /// <summary>Microphone chunks the feeder skipped because it woke up late.</summary>
    public required long MicrophoneChunksDropped { get; init; }

    /// <summary>Errors in the clients' callbacks, and failed connections.</summary>
    public required IReadOnlyList<string> ClientErrors { get; init; }

    /// <summary>The server's capacity figure at the window's end (null when its admission by headroom is off).</summary>
    public StreamLip.Realtime.Capacity.CapacitySnapshot? Capacity { get; init; }

    /// <summary>Frames a client should decode in the window: 25 per second.</summary>
    public double FramesExpected => WindowSeconds * 25;
}
