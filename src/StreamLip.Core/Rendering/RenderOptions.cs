namespace StreamLip.Rendering;

/// <summary>Settings of an offline render.</summary>
public sealed class RenderOptions
{
    /// <summary>Frames per generator run (1..the model's max batch). Default 5, as Wav2Lip's real-time servers use.</summary>
    public int BatchSize { get; set; } = 5;

    /// <summary>
    /// Mel window offset in frames: 0 takes frame i's window from int(80·i/25) (Wav2Lip inference); −1 from frame
    /// i − 1's index (Wav2Lip training, shared/DESIGN.md "Timing"). Null: what the model's metadata says, else 0.
    /// </summary>
    public int? AlignmentOffsetFrames { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    /// <param name="maxBatch">The largest batch the model was loaded for.</param>
    public void Validate(int maxBatch)
    {
        if (BatchSize < 1 || BatchSize > maxBatch)
        {
            throw new ArgumentException($"Batch size must be 1..{maxBatch}, not {BatchSize}.");
        }

        if (AlignmentOffsetFrames is < -2 or > 2)
        {
            throw new ArgumentException($"Mel alignment offset must be −2..2 frames, not {AlignmentOffsetFrames}.");
        }
    }
}
