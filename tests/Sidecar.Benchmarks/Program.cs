using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Sidecar.Benchmarks -- --filter '*'            (every suite)
// dotnet run -c Release --project tests/Sidecar.Benchmarks -- --filter '*Rerank*'     (one suite)
// Results: BenchmarkDotNet.Artifacts/results/*.md under the working directory.
BenchmarkSwitcher.FromAssembly(typeof(Sidecar.Benchmarks.BenchConfig).Assembly).Run(args);
