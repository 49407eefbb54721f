using BenchmarkDotNet.Running;
using StreamLip.Benchmarks.Inference;

// ./streamlip bench [--filter '*Paste*'] — BenchmarkDotNet picks benchmarks by class/method name.
// ./streamlip bench --model-memory [demo|full-size] [max-batch] — resident memory across batch sizes (not BenchmarkDotNet).
if (args.Length > 0 && args[0] == ModelMemoryProbe.Switch)
{
    return ModelMemoryProbe.Run(args);
}

BenchmarkSwitcher.FromAssembly(typeof(ModelMemoryProbe).Assembly).Run(args);
return 0;
