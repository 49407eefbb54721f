namespace StreamLip.Onnx.Tests;

/// <summary>
/// Inputs for a batch, NCHW as the contract wants: a constant mel level per frame and a random reference crop
/// (seeded) in channels 3–5, with channels 0–2 the same crop with rows S/2.. zeroed.
/// </summary>
internal sealed class Wav2LipInputs
{
    /// <summary>The Wav2Lip mel of silence (the floor of the normalised range).</summary>
    public const float SilenceMel = -4f;

    /// <summary>A loud mel level (opens the procedural model's mouth fully).</summary>
    public const float LoudMel = 0f;

    public Wav2LipInputs(int size, params float[] melLevels)
    {
        Size = size;
        Batch = melLevels.Length;
        Mel = new float[Batch * 80 * 16];
        Face = new float[Batch * 6 * size * size];
        var random = new Random(1234);
        int plane = size * size;
        for (int b = 0; b < Batch; b++)
        {
            Mel.AsSpan(b * 80 * 16, 80 * 16).Fill(melLevels[b]);
            for (int c = 0; c < 3; c++)
            {
                var reference = Face.AsSpan(((b * 6) + 3 + c) * plane, plane);
                var masked = Face.AsSpan(((b * 6) + c) * plane, plane);
                for (int i = 0; i < plane; i++)
                {
                    reference[i] = 0.2f + (0.8f * random.NextSingle());
                    masked[i] = i < (size / 2) * size ? reference[i] : 0f;
                }
            }
        }
    }

    public int Size { get; }

    public int Batch { get; }

    public float[] Mel { get; }

    public float[] Face { get; }

    /// <summary>Batch × 68 × 2 crop landmarks (for models that take them): a mouth centred at (S/2, 0.75 S), 0.4 S wide.</summary>
    public float[] Landmarks => _landmarks ??= MakeLandmarks();

    private float[]? _landmarks;

    private float[] MakeLandmarks()
    {
        float[] points = new float[Batch * 68 * 2];
        for (int b = 0; b < Batch; b++)
        {
            for (int i = 0; i < 68; i++)
            {
                var (x, y) = i switch
                {
                    60 => (0.3f, 0.74f),
                    64 => (0.7f, 0.74f),
                    62 => (0.5f, 0.75f),
                    66 => (0.5f, 0.76f),
                    _ => (0.2f + (0.6f * i / 68f), 0.3f + (0.4f * (i % 5) / 5f)),
                };
                points[(b * 136) + (2 * i)] = x * Size;
                points[(b * 136) + (2 * i) + 1] = y * Size;
            }
        }

        return points;
    }

    /// <summary>A new output array of the right length.</summary>
    public float[] NewOutput() => new float[Batch * 3 * Size * Size];

    /// <summary>Channel <paramref name="channel"/> (0–2) of frame <paramref name="frame"/>'s reference crop.</summary>
    public ReadOnlySpan<float> Reference(int frame, int channel) =>
        Face.AsSpan(((frame * 6) + 3 + channel) * Size * Size, Size * Size);
}
