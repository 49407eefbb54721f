using System.Globalization;
using StreamLip.Onnx;

namespace StreamLip.Benchmarks.Inference;

/// <summary>
/// <c>./streamlip bench --model-memory [demo|full-size] [max-batch]</c>: how the process's resident memory moves as
/// one model runs the batch sizes a real-time server brings — the largest batch twice, then every smaller size, then
/// random sizes. Memory that keeps rising after the first largest run is what a long-running server would show as
/// growth in steps (one per new batch size). Not a BenchmarkDotNet benchmark: it reads the process, once.
/// </summary>
internal static class ModelMemoryProbe
{
    public const string Switch = "--model-memory";

    public static int Run(string[] args)
    {
        string which = args.Length > 1 ? args[1] : "demo";
        int maxBatch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
        string path = which switch
        {
            "demo" => Path.Combine(StreamLipHome.Path, StreamLipHome.DemoModel),
            "full-size" => Path.Combine(StreamLipHome.Path, "models", "bench", "wav2lip-96-random.onnx"),
            _ => throw new ArgumentException($"Model '{which}' must be demo or full-size."),
        };

        using var model = Wav2LipModel.Load(path, new Wav2LipModelOptions { MaxBatch = maxBatch, Providers = [ExecutionProvider.Cpu] });
        int s = model.Info.FaceSize;
        float[] mel = new float[maxBatch * 80 * 16];
        float[] face = new float[maxBatch * 6 * s * s];
        float[] output = new float[maxBatch * 3 * s * s];
        void RunBatch(int b) => model.Run(mel.AsSpan(0, b * 80 * 16), face.AsSpan(0, b * 6 * s * s), output.AsSpan(0, b * 3 * s * s), b);

        Console.WriteLine($"{which} ({path}), S = {s}, batches up to {maxBatch}, ONNX Runtime CPU");
        Console.WriteLine("| step | resident (MiB) |");
        Console.WriteLine("|---|---:|");
        Report("loaded");
        RunBatch(maxBatch);
        Report($"batch {maxBatch}");
        RunBatch(maxBatch);
        Report($"batch {maxBatch} again");
        for (int b = 1; b < maxBatch; b++)
        {
            RunBatch(b);
        }

        Report($"batches 1..{maxBatch - 1}");
        var random = new Random(1);
        for (int pass = 1; pass <= 2; pass++)
        {
            for (int i = 0; i < 100; i++)
            {
                RunBatch(random.Next(1, maxBatch + 1));
            }

            Report($"100 random sizes, pass {pass}");
        }

        return 0;
    }

    private static void Report(string step) =>
        Console.WriteLine($"| {step} | {ResidentBytes() / (1024.0 * 1024.0):F1} |");

    private static long ResidentBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("/proc/self/status has no VmRSS line.");
    }
}
