namespace StreamLip.Onnx;

/// <summary>
/// A batch size the model cannot run: below 1, above <see cref="Wav2LipModelOptions.MaxBatch"/>, or different from
/// the batch a fixed-batch model was exported with.
/// </summary>
public sealed class BatchSizeException : ArgumentOutOfRangeException
{
    /// <summary>Creates the exception.</summary>
    public BatchSizeException(int requestedBatch, int maxBatch, int? fixedBatch)
        : base(
            "batch",
            requestedBatch,
            fixedBatch is int fixedValue
                ? $"The model was exported with a fixed batch of {fixedValue} and cannot run a batch of {requestedBatch}. " +
                  $"Send batches of exactly {fixedValue}, or export the model with a dynamic batch axis."
                : $"Batch {requestedBatch} is out of range: this model runs batches of 1 to {maxBatch} " +
                  $"({nameof(Wav2LipModelOptions)}.{nameof(Wav2LipModelOptions.MaxBatch)}).")
    {
        RequestedBatch = requestedBatch;
        MaxBatch = maxBatch;
        FixedBatch = fixedBatch;
    }

    /// <summary>The batch asked for.</summary>
    public int RequestedBatch { get; }

    /// <summary>The largest batch allowed.</summary>
    public int MaxBatch { get; }

    /// <summary>The model's fixed batch, or null when its batch axis is dynamic.</summary>
    public int? FixedBatch { get; }
}
