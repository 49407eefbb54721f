using StreamLip.Inference;

namespace StreamLip.Core.Tests.Rendering;

/// <summary>
/// A generator of the contract that returns the reference crop, darkened by half where the mel window is loud:
/// enough to see in the output frames which window reached which frame.
/// </summary>
internal sealed class FakeGenerator(int faceSize, int maxBatch, int failOnRun = -1) : ILipSyncGenerator
{
    public List<int> Batches { get; } = [];

    /// <summary>When set, a run holding any frame whose reference crop has this value at its centre (blue) (±0.001) throws, as ONNX
    /// Runtime does when one input breaks the model: the whole batch fails, whoever else is in it.</summary>
    public float? PoisonReference { get; set; }

    /// <summary>Runs that threw because of <see cref="PoisonReference"/>.</summary>
    public int PoisonedRuns { get; private set; }

    public LipSyncModelInfo Info { get; } = new("mel", "face", "out", faceSize, maxBatch, null, "Fake", new Dictionary<string, string>());

    public void Run(ReadOnlySpan<float> mel, ReadOnlySpan<float> face, ReadOnlySpan<float> landmarks, Span<float> output, int batch)
    {
        if (Batches.Count == failOnRun)
        {
            throw new InvalidOperationException("injected generator failure");
        }

        int plane = faceSize * faceSize;
        if (PoisonReference is { } poison)
        {
            for (int b = 0; b < batch; b++)
            {
                if (Math.Abs(face[(b * 6 * plane) + (3 * plane) + (faceSize / 2 * faceSize) + (faceSize / 2)] - poison) < 1e-3f)
                {
                    PoisonedRuns++;
                    throw new InvalidOperationException($"injected model failure on frame {b} of a batch of {batch}");
                }
            }
        }

        Batches.Add(batch);
        for (int b = 0; b < batch; b++)
        {
            var window = mel.Slice(b * 80 * 16, 80 * 16);
            bool loud = false;
            foreach (float v in window)
            {
                loud |= v > -3.5f;
            }

            var reference = face.Slice((b * 6 * plane) + (3 * plane), 3 * plane);
            var target = output.Slice(b * 3 * plane, 3 * plane);
            for (int i = 0; i < target.Length; i++)
            {
                target[i] = loud ? reference[i] * 0.5f : reference[i];
            }
        }
    }

    public void Dispose()
    {
    }
}
