using ResponsePortal.Benchmarks.Reminders;

// Benchmarks of the portal, each against a private in-memory Azurite started for the run.
//   dotnet run -c Release --project tests/ResponsePortal.Benchmarks -- sweep
var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["sweep"] = SweepBenchmark.RunAsync,
};
if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine("Usage: ResponsePortal.Benchmarks <benchmark> [options]. Benchmarks: " + string.Join(", ", benchmarks.Keys));
    Console.Error.WriteLine("  sweep [--sizes 1000,100000] [--sweeps 7]   deadline sweep: entities read and wall time per sweep");
    return 2;
}
return await run(args[1..]);
