namespace StreamLip.Onnx.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Process memory (alone: other tests would move the resident size)";
}

/// <summary>
/// A real-time server runs every batch size from 1 to its maximum as sessions come and go. Its memory must stop
/// growing once the largest batch has run: one set of input/output buffers for every size, and no ORT memory
/// pattern per shape. Measured as the process's resident size, with nothing else running.
/// </summary>
[Collection(MemoryCollection.Name)]
public sealed class Wav2LipModelMemoryTests
{
    private const int MaxBatch = 48;

    [Fact]
    public void After_the_largest_batch_has_run_other_batch_sizes_add_almost_nothing()
    {
        using var model = Wav2LipModel.Load(TestPaths.DemoModel, new Wav2LipModelOptions { MaxBatch = MaxBatch, Providers = [ExecutionProvider.Cpu] });
        var inputs = new Wav2LipInputs(96, Enumerable.Repeat(0f, MaxBatch).ToArray());
        float[] output = inputs.NewOutput();

        void Run(int batch) => model.Run(
            inputs.Mel.AsSpan(0, batch * 80 * 16),
            inputs.Face.AsSpan(0, batch * 6 * 96 * 96),
            inputs.Landmarks.AsSpan(0, batch * 68 * 2),
            output.AsSpan(0, batch * 3 * 96 * 96),
            batch);

        Run(MaxBatch);
        long warm = ResidentBytes();

        // With memory patterns the second run of the same shape allocated its planned block (+45 MiB at batch 64);
        // with buffers per size, sizes 1..47 added ≈ 650 MiB.
        Run(MaxBatch);
        for (int batch = 1; batch < MaxBatch; batch++)
        {
            Run(batch);
        }

        double grownMiB = (ResidentBytes() - warm) / (1024.0 * 1024.0);
        Assert.True(grownMiB < 16, $"Running batch sizes 1..{MaxBatch - 1} after {MaxBatch} grew the process by {grownMiB:F1} MiB (limit 16).");
    }

    private static long ResidentBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("/proc/self/status has no VmRSS line.");
    }
}
