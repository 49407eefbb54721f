namespace StreamLip.Media.Outputs;

/// <summary>Where and how a <see cref="LiveStreamOutput"/> pushes.</summary>
public sealed class LiveStreamOptions
{
    /// <summary>The ingest URL: <c>rtmp://</c>, <c>rtmps://</c> (host/app/streamkey) or <c>srt://host:port</c>.</summary>
    public string Url { get; set; } = "";

    /// <summary>The encoding (frame size must match the frames pushed).</summary>
    public EncodingOptions Encoding { get; set; } = new();

    /// <summary>How long connecting (and any one network operation of RTMP) may take before the stream fails, seconds.
    /// SRT uses its own connect timeout (3 s). Default 5.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>SRT latency, milliseconds (how long the receiver may wait for a lost packet). Default 200.</summary>
    public int SrtLatencyMs { get; set; } = 200;

    /// <summary>Throws when a value is invalid (the message names it).</summary>
    /// <exception cref="ArgumentException">The URL or a value is invalid.</exception>
    public void Validate()
    {
        LiveStreamUrl.Parse(Url);
        ArgumentNullException.ThrowIfNull(Encoding);
        Encoding.Validate();
        if (ConnectTimeoutSeconds is < 1 or > 120)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeoutSeconds), ConnectTimeoutSeconds, "LiveStreamOptions.ConnectTimeoutSeconds must be 1 to 120.");
        }

        if (SrtLatencyMs is < 20 or > 8000)
        {
            throw new ArgumentOutOfRangeException(nameof(SrtLatencyMs), SrtLatencyMs, "LiveStreamOptions.SrtLatencyMs must be 20 to 8000.");
        }
    }
}
