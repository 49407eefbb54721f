namespace StreamLip.Server.Options;

/// <summary>Livestream, recording and virtual-camera settings (section <c>StreamLip:Outputs</c>).</summary>
public sealed class OutputOptions
{
    /// <summary>Where recordings are written (and served from by <c>GET /api/recordings/{name}</c>). Default: recordings
    /// (under STREAMLIP_HOME); created when missing.</summary>
    public string? RecordingsDirectory { get; set; }

    /// <summary>Most outputs (pushes, recording, virtual camera together) per session. Default 4.</summary>
    public int MaxOutputsPerSession { get; set; } = 4;

    /// <summary>Default H.264 bitrate of pushes and recordings, kbit/s. Default 2500.</summary>
    public int VideoBitrateKbps { get; set; } = 2500;

    /// <summary>Default AAC bitrate, kbit/s. Default 128.</summary>
    public int AudioBitrateKbps { get; set; } = 128;

    /// <summary>Default key-frame interval, seconds. Default 2.</summary>
    public double KeyframeIntervalSeconds { get; set; } = 2;

    /// <summary>x264 speed preset (ultrafast … veryslow). Default veryfast.</summary>
    public string SpeedPreset { get; set; } = "veryfast";

    /// <summary>RTMP connect/network timeout, seconds. Default 5.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>How long <c>POST …/stream</c> waits for an early failure (refused, unreachable) before it answers 201,
    /// milliseconds; a failure within it is answered 502 with the reason. 0 answers at once. Default 1500.</summary>
    public int StartCheckMilliseconds { get; set; } = 1500;
}
