using BenchmarkDotNet.Running;

// ./streamlip bench [--filter '*Paste*'] — BenchmarkDotNet picks benchmarks by class/method name.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
