using StreamLip.Onnx;
using StreamLip.Realtime;
using StreamLip.Realtime.Capacity;

namespace StreamLip.Server.Options;

/// <summary>
/// The server's settings: section <c>StreamLip</c> of appsettings.json, or environment variables such as
/// <c>STREAMLIP__MAXSESSIONS=4</c>, <c>STREAMLIP__WEBRTC__VIDEOCODEC=H264</c>. Validated at start.
/// </summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "StreamLip";

    /// <summary>The ONNX model. Default: models/streamlip-demo-96.onnx if it exists, else models/test/streamlip-test-96.onnx (under STREAMLIP_HOME).</summary>
    public string? ModelPath { get; set; }

    /// <summary>Where built avatars live, one directory each. Default: models/avatars (under STREAMLIP_HOME).</summary>
    public string? AvatarsDirectory { get; set; }

    /// <summary>The avatar used when a client names none. Default <c>astronaut</c> (built by <c>./streamlip setup</c>).</summary>
    public string DefaultAvatar { get; set; } = "astronaut";

    /// <summary>The web page's directory. Default: web (under STREAMLIP_HOME).</summary>
    public string? WebRoot { get; set; }

    /// <summary>Most frames of one session per generator run. Default 5.</summary>
    public int BatchPerSession { get; set; } = 5;

    /// <summary>Most sessions at once; more are refused (HTTP 429, SignalR error). Default 16.</summary>
    public int MaxSessions { get; set; } = 16;

    /// <summary>Most WebRTC viewers of one session (<c>/viewer</c>, <c>POST /api/sessions/{id}/viewers</c>); more get HTTP 429. Default 8.</summary>
    public int MaxViewersPerSession { get; set; } = 8;

    /// <summary>Most frames per generator run, all sessions together; the model is loaded for min(this, batch × sessions). Default 64.</summary>
    public int MaxRunFrames { get; set; } = 64;

    /// <summary>Milliseconds added to the 212.5 ms window floor before a frame is due (the frame delay budget); with
    /// <see cref="AdaptiveMargin"/> the most a session gets. Default 100.</summary>
    public int ProcessingMarginMs { get; set; } = 100;

    /// <summary>Give each new session the margin the frames before it needed (99th percentile + 20 ms), at most
    /// <see cref="ProcessingMarginMs"/>; false: every session gets <see cref="ProcessingMarginMs"/>. Default true.</summary>
    public bool AdaptiveMargin { get; set; } = true;

    /// <summary>Milliseconds the voice may be sent ahead of its frame, so a browser plays both without waiting (0..200). Default 90
    /// (measured in Chromium: the mouth −10..−27 ms from the voice, with 60 −13..−44 ms; benchmarks/RESULTS.md).</summary>
    public int VoiceLeadMs { get; set; } = 90;

    /// <summary>Mel alignment: <c>model</c> (the model's metadata; default), <c>inference</c>, <c>training</c>, or frames −2..2.</summary>
    public string MelAlignment { get; set; } = "model";

    /// <summary>
    /// Threads ONNX Runtime uses inside one operator; 0 lets it choose. Default 1: ORT's own choice keeps a worker
    /// spinning between runs, which cost 0.4–0.8 of this 2-core machine's cores with the demo model (load harness).
    /// </summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// ONNX Runtime execution providers in order of preference, comma-separated (<c>TensorRT,Cuda,Cpu</c>), or
    /// <c>auto</c> (the default): every one this build has — TensorRT → CUDA → CPU with the GPU package
    /// (<c>STREAMLIP_ONNXRUNTIME=gpu</c>), the CPU with the default package. Each provider skipped is logged with what
    /// it lacks.
    /// </summary>
    public string Providers { get; set; } = "auto";

    /// <summary>ONNX Runtime's CPU kernels keep pre-packed weights: 8 % faster on a full-size model, ≈ 80 MiB more memory. Default true.</summary>
    public bool PrepackWeights { get; set; } = true;

    /// <summary>GPU provider settings (section <c>StreamLip:Gpu</c>): device, TensorRT fp16 and caches, CUDA arena and search.</summary>
    public GpuOptions Gpu { get; } = new();

    /// <summary>The providers <see cref="Providers"/> names; null for <c>auto</c>.</summary>
    /// <exception cref="FormatException">An entry is not a provider name.</exception>
    public IReadOnlyList<ExecutionProvider>? ParseProviders()
    {
        if (string.Equals(Providers.Trim(), "auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var list = new List<ExecutionProvider>();
        foreach (string entry in Providers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Enum.TryParse(entry, ignoreCase: true, out ExecutionProvider provider) || !Enum.IsDefined(provider))
            {
                throw new FormatException($"is '{Providers}'; '{entry}' is not one of {string.Join(", ", Enum.GetNames<ExecutionProvider>())}, or use auto");
            }

            list.Add(provider);
        }

        return list.Count > 0 ? list : throw new FormatException($"is '{Providers}'; name at least one provider (e.g. Cpu), or auto");
    }

    /// <summary>Largest HTTP request body, bytes. Default 128 KiB (an offer is at most MaxSdpBytes plus a little JSON).</summary>
    public int MaxRequestBodyBytes { get; set; } = 128 * 1024;

    /// <summary>How often each page gets its session's stats, milliseconds. Default 1000.</summary>
    public int StatsIntervalMs { get; set; } = 1000;

    /// <summary>WebRTC settings.</summary>
    public WebRtcOptions WebRtc { get; } = new();

    /// <summary>Livestream, recording and virtual-camera settings.</summary>
    public OutputOptions Outputs { get; } = new();

    /// <summary>API keys and viewer tokens (section <c>StreamLip:Auth</c>).</summary>
    public AuthOptions Auth { get; } = new();

    /// <summary>Seconds a session may go without any audio (microphone or pushed) and without added outputs before the
    /// server ends it (the page is told why); 0 never ends one. Default 300.</summary>
    public int IdleSessionTimeoutSeconds { get; set; } = 300;

    /// <summary>Seconds between handing free memory back to the system: the native heap's free pages (glibc
    /// <c>malloc_trim</c>), and the managed heap's when it grew by 32 MiB since (an aggressive full collection). 0 never
    /// does. Default 30.</summary>
    public int NativeMemoryTrimSeconds { get; set; } = 30;

    /// <summary>Pushed speech settings (text to speech, uploads, PCM streams).</summary>
    public SpeechOptions Speech { get; } = new();

    /// <summary>Admission by measured headroom and graceful overload (section <c>StreamLip:Capacity</c>); <see cref="MaxSessions"/> stays the upper bound.</summary>
    public CapacityOptions Capacity { get; } = new();

    /// <summary>Several nodes as one cluster (section <c>StreamLip:Cluster</c>); off unless its Redis is set.</summary>
    public ClusterOptions Cluster { get; } = new();

    /// <summary>Conversation mode: voice activity, recognition, the language model (section <c>StreamLip:Conversation</c>).</summary>
    public ConversationOptions Conversation { get; } = new();

    /// <summary>Avatars built from uploaded photos and videos.</summary>
    public AvatarCreatorOptions AvatarCreator { get; } = new();

    /// <summary>The engine's settings from these.</summary>
    public RealtimeOptions ToRealtimeOptions() => new()
    {
        BatchPerSession = BatchPerSession,
        MaxSessions = MaxSessions,
        MaxRunFrames = MaxRunFrames,
        ProcessingMargin = TimeSpan.FromMilliseconds(ProcessingMarginMs),
        AdaptiveMargin = AdaptiveMargin,
        VoiceLead = TimeSpan.FromMilliseconds(VoiceLeadMs),
        AlignmentOffsetFrames = MelAlignmentOffset.Parse(MelAlignment),
        WarmUp = true,
        Capacity = Capacity,
    };
}
