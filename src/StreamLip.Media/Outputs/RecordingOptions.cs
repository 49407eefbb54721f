namespace StreamLip.Media.Outputs;

/// <summary>Where and how a <see cref="RecordingOutput"/> records.</summary>
public sealed class RecordingOptions
{
    /// <summary>The final MP4 path; its folder must exist. The file appears there only when the recording completes.</summary>
    public string Path { get; set; } = "";

    /// <summary>The encoding (frame size must match the frames pushed).</summary>
    public EncodingOptions Encoding { get; set; } = new();

    /// <summary>
    /// What <see cref="RecordingOutput.Dispose"/> does with a recording that was neither completed nor failed: false
    /// (default) discards it like an abort; true completes it (bounded by <see cref="CompleteTimeoutSeconds"/>), so a
    /// session that ends while recording keeps what it recorded.
    /// </summary>
    public bool CompleteOnDispose { get; set; }

    /// <summary>How long completing may wait for the muxer, seconds. Default 10.</summary>
    public int CompleteTimeoutSeconds { get; set; } = 10;

    /// <summary>Throws when a value is invalid (the message names it).</summary>
    /// <exception cref="ArgumentException">The path or a value is invalid.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Path, nameof(Path));
        ArgumentNullException.ThrowIfNull(Encoding);
        Encoding.Validate();
        if (CompleteTimeoutSeconds is < 1 or > 300)
        {
            throw new ArgumentOutOfRangeException(nameof(CompleteTimeoutSeconds), CompleteTimeoutSeconds, "RecordingOptions.CompleteTimeoutSeconds must be 1 to 300.");
        }
    }
}
