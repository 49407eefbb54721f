using StreamLip.LoadHarness.Measurement;

namespace StreamLip.LoadHarness.Rounds;

/// <summary>One round's measurements: N sessions for one window.</summary>
/// <param name="Sessions">N, the sessions opened.</param>
/// <param name="Connected">Clients connected at the end of the window whose server session still ran.</param>
/// <param name="ConnectSeconds">Seconds to open all N (offer, answer, ICE and DTLS), one after the other.</param>
/// <param name="WindowSeconds">The measured window, seconds.</param>
/// <param name="FramesMin">Fewest video frames a client decoded in the window.</param>
/// <param name="FramesMean">Mean video frames decoded per client in the window.</param>
/// <param name="VoiceSecondsMean">Mean seconds of the avatar's voice decoded per client in the window.</param>
/// <param name="Server">The server's frame counts over the window, all sessions together.</param>
/// <param name="DelayP50Ms">Median over sessions of each session's median delay (audio arrival → frame sent), at the window's end.</param>
/// <param name="DelayP95Ms">Largest over sessions of each session's 95th percentile delay.</param>
/// <param name="ProcessingP95Ms">Largest over sessions of the 95th percentile of audio arrival → frame composed.</param>
/// <param name="Batches">The batcher over the window.</param>
/// <param name="ServerCpu">The server process's CPU; null in process (it is then <paramref name="HarnessCpu"/>) or when its pid is unknown.</param>
/// <param name="HarnessCpu">This process's CPU: the clients (and the server too when it runs in process).</param>
/// <param name="ServerRssMiB">The server process's resident memory at the window's end, MiB.</param>
/// <param name="HarnessRssMiB">This process's resident memory at the window's end, MiB.</param>
/// <param name="LoadAverage">/proc/loadavg at the window's start and end.</param>
/// <param name="MicrophoneChunksDropped">Microphone chunks the feeder skipped because it woke up late.</param>
/// <param name="ClientErrors">Errors in the clients' callbacks, and failed connections.</param>
/// <param name="Capacity">The server's capacity figure at the window's end (null when its admission by headroom is off).</param>
internal sealed record RoundResult(
    int Sessions,
    int Connected,
    double ConnectSeconds,
    double WindowSeconds,
    long FramesMin,
    double FramesMean,
    double VoiceSecondsMean,
    ServerFrames Server,
    double? DelayP50Ms,
    double? DelayP95Ms,
    double? ProcessingP95Ms,
    BatchWindow Batches,
    CpuUsage? ServerCpu,
    CpuUsage HarnessCpu,
    double ServerRssMiB,
    double HarnessRssMiB,
    string LoadAverage,
    long MicrophoneChunksDropped,
    IReadOnlyList<string> ClientErrors,
    StreamLip.Realtime.Capacity.CapacitySnapshot? Capacity)
{
    /// <summary>Frames a client should decode in the window: 25 per second.</summary>
    public double FramesExpected => WindowSeconds * 25;
}
